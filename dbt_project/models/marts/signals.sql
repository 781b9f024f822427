-- Every signal in one table: what it says (type, subject, score, confidence), when it was
-- seen, how many independent sources stand behind it, and the evidence (a JSON list of
-- {source_id, record_key, vintage, content_sha256, url, sheet, source_row, …}).
select
    'pipeline_movement' as signal_type,
    'organization' as subject_type,
    org_id as subject_key,
    organization_name as subject_name,
    score,
    confidence,
    first_seen,
    last_seen,
    n_sources,
    evidence
from {{ ref('sig_pipeline_movement') }}
union all
select
    'pipeline_movement',
    'project',
    project_key,
    coalesce(project_name, project_key),
    score,
    round(0.5 * (1 - 0.5 * data_quality_events / (data_quality_events + progress_changes)), 3),
    first_seen,
    last_seen,
    1,
    evidence
from {{ ref('sig_pipeline_movement__projects') }}
union all
select
    'regulatory_opposition', 'organization', org_id, organization_name,
    score, confidence, first_seen, last_seen, n_sources, evidence
from {{ ref('sig_regulatory_opposition') }}
union all
select
    'regulatory_opposition', 'project', project_key, coalesce(project_name, project_key),
    score, confidence, first_seen, last_seen, n_sources, evidence
from {{ ref('sig_regulatory_opposition__projects') }}
union all
select
    'regulatory_opposition', 'county', county_fips, county_name,
    score, confidence, first_seen, last_seen, n_sources, evidence
from {{ ref('sig_regulatory_opposition__counties') }}
union all
select
    'corporate_buyer_entry', 'organization', org_id, organization_name,
    score, confidence, first_seen, last_seen, n_sources, evidence
from {{ ref('sig_corporate_buyer_entry') }}
