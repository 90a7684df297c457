//! The documented warehouse recipe (docs/aggregates.md), run by a real engine: DuckDB
//! aggregates raw responses, and the site built from its file has the figures of the site
//! built from the rows. Needs Python's `duckdb` package (`.ci/run` installs it).

use super::Project;
use std::process::Command;

/// The SQL of docs/aggregates.md with DuckDB's period expression filled in.
fn duckdb_recipe() -> String {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/aggregates.md")).unwrap();
    let start = doc.find("```sql\n").expect("the recipe") + "```sql\n".len();
    let sql = &doc[start..start + doc[start..].find("```").unwrap()];
    let period = "strftime(submitted_at, '%Y') || '-Q' || quarter(submitted_at)";
    // This table segments by channel only: the recipe's device lines go.
    sql.replace("/* period expression from the table above */", period)
        .replace("  UNION ALL SELECT period, 'device', device, nps, csat, ces FROM r WHERE device IS NOT NULL\n", "")
        .replace(", device, nps", ", nps")
}

#[test]
fn duckdb_aggregates_give_the_figures_of_the_raw_rows() {
    let project = Project::empty("warehouse");
    project.write("cxsite.yaml", "title: Warehouse\nmin_responses: 5\nsurveys: {dimensions: [channel]}\n");
    project.write("content/personas/anna.yaml", "name: Anna\n");
    project.write("content/personas/ben.yaml", "name: Ben\n");
    project.write(
        "content/journeys/buy.yaml",
        "title: Buy\npersonas: [anna, ben]\nstages:\n  - id: s\n    name: S\n    touchpoints:\n      \
         - {id: checkout, name: Checkout}\n      - {id: delivery, name: Delivery}\n",
    );
    let mut rows = String::from("submitted_at,persona,touchpoint,channel,nps,csat,ces\n");
    for i in 0..600u32 {
        let blank = |every: u32, value: u32| if i % every == 0 { String::new() } else { value.to_string() };
        rows.push_str(&format!(
            "2026-{:02}-{:02},{},{},{},{},{},{}\n",
            1 + i % 9,
            1 + i % 28,
            ["anna", "ben"][(i % 2) as usize],
            ["checkout", "delivery", ""][(i % 3) as usize],
            ["web", "app"][(i % 5 % 2) as usize],
            blank(13, (i * 7) % 11),
            blank(7, 1 + (i * 3) % 5),
            blank(5, 1 + (i * 5) % 7),
        ));
    }
    project.write("raw/responses.csv", &rows);
    std::fs::create_dir_all(project.dir.join("content/surveys")).unwrap();
    std::fs::copy(project.dir.join("raw/responses.csv"), project.dir.join("content/surveys/responses.csv")).unwrap();
    project.run(&["build"]).expect(0);
    let raw = project.metrics();

    let script = format!(
        "import duckdb, sys\n\
         duckdb.sql(\"CREATE TABLE responses AS SELECT * FROM read_csv('raw/responses.csv', header=true, \
         types={{'submitted_at': 'DATE', 'touchpoint': 'VARCHAR'}})\")\n\
         duckdb.sql(\"UPDATE responses SET touchpoint = NULL WHERE touchpoint = ''\")\n\
         duckdb.sql(\"\"\"COPY ({0}) TO 'content/aggregates/all.csv' (HEADER)\"\"\")\n\
         duckdb.sql(\"\"\"COPY ({0}) TO 'parquet/all.parquet' (FORMAT PARQUET)\"\"\")\n",
        duckdb_recipe()
    );
    std::fs::create_dir_all(project.dir.join("parquet")).unwrap();
    std::fs::create_dir_all(project.dir.join("content/aggregates")).unwrap();
    let ran = Command::new("python3").arg("-c").arg(&script).current_dir(&project.dir).output().unwrap();
    assert!(
        ran.status.success(),
        "DuckDB could not run the recipe (pip install duckdb):\n{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    std::fs::remove_file(project.dir.join("content/surveys/responses.csv")).unwrap();
    project.write(
        "cxsite.yaml",
        "title: Warehouse\nmin_responses: 5\nsurveys: {dimensions: [channel], files: [], aggregates: [\"aggregates/*.csv\"]}\n",
    );
    let built = project.run(&["build"]).expect(0);
    // The read line tells aggregate counts from survey rows.
    assert!(built.stdout.contains("Read 0 survey rows from 0 files (0.0 MB) and "), "{}", built.stdout);
    assert!(built.stdout.contains(" aggregate counts from 1 file in "), "{}", built.stdout);
    let aggregated = project.metrics();
    for key in ["current_period", "periods", "metrics", "pain_points", "drivers"] {
        assert_eq!(raw[key], aggregated[key], "{key} differs between the raw rows and DuckDB's aggregate");
    }

    // The same query written as Parquet (DuckDB's default: snappy, sums as DOUBLE).
    std::fs::remove_file(project.dir.join("content/aggregates/all.csv")).unwrap();
    std::fs::rename(project.dir.join("parquet/all.parquet"), project.dir.join("content/aggregates/all.parquet"))
        .unwrap();
    project.write(
        "cxsite.yaml",
        "title: Warehouse\nmin_responses: 5\nsurveys: {dimensions: [channel], files: [], aggregates: [\"aggregates/*.parquet\"]}\n",
    );
    let built = project.run(&["build"]).expect(0);
    assert!(built.stdout.contains(" aggregate counts from 1 file in "), "{}", built.stdout);
    let from_parquet = project.metrics();
    for key in ["current_period", "periods", "metrics", "pain_points", "drivers"] {
        assert_eq!(raw[key], from_parquet[key], "{key} differs between the raw rows and DuckDB's Parquet aggregate");
    }
}
