"""The extraction asset over the bundled opposition documents (no API key: heuristic)."""

from maestro_assets.lib.warehouse import connect_for_reading


def query(built, sql: str):
    settings, _ = built
    with connect_for_reading(settings.duckdb_path) as connection:
        return connection.execute(sql).fetchall()


def test_without_a_key_every_row_says_the_heuristic_extractor_made_it(built):
    extractors = query(built, "SELECT DISTINCT extractor FROM staging.opposition_extractions")
    assert extractors == [("heuristic",)]


def test_every_extracted_quote_is_verbatim_in_its_own_document(built):
    rows = query(
        built,
        "SELECT e.quote, d.text FROM staging.opposition_extractions e "
        "JOIN staging.int_opposition_documents d ON d.document_sha256 = e.document_sha256 "
        "WHERE e.status = 'ok'",
    )
    assert rows
    assert all(" ".join(quote.split()) in " ".join(text.split()) for quote, text in rows)


def test_an_injected_instruction_does_not_become_an_event_elsewhere(built):
    injected = query(
        built,
        "SELECT document_sha256 FROM staging.int_opposition_documents "
        "WHERE lower(text) LIKE '%ignore%previous instructions%'",
    )
    assert injected, "the bundled snapshot carries prompt-injection text"
    counties = query(
        built,
        "SELECT count(DISTINCT county_fips) FROM staging.opposition_extractions "
        "WHERE event_type = 'moratorium' AND status = 'ok'",
    )
    documents = query(built, "SELECT count(*) FROM staging.int_opposition_documents")
    assert counties[0][0] < documents[0][0] / 4, "no flood of moratoria from one instruction"


def test_the_evaluation_is_kept_with_history(built):
    rows = query(built, "SELECT task, field, f1, n_docs FROM meta.extraction_eval")
    fields = {field for _, field, _, _ in rows}
    assert {"event", "state", "county_fips", "event_date"} <= fields
    assert all(n >= 60 for *_, n in rows)
