-- For each signal type: which sources fed it, with how many evidence rows and subjects.
with evidence as (
    select
        signal_type,
        subject_key,
        unnest(from_json(evidence, '["json"]')) as item
    from {{ ref('signals') }}
)

select
    signal_type,
    item ->> 'source_id' as source_id,
    count(*) as evidence_rows,
    count(distinct subject_key) as subjects,
    min((item ->> 'vintage')::date) as first_vintage,
    max((item ->> 'vintage')::date) as last_vintage
from evidence
group by all
order by signal_type, source_id
