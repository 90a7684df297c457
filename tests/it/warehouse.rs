//! The documented warehouse recipe (docs/aggregates.md), run by real engines: DuckDB and Spark
//! SQL (local mode) aggregate raw responses, and the sites built from their files have the
//! figures of the site built from the rows. Needs Python's `duckdb` and `pyspark` packages and
//! a Java runtime (`.ci/run` installs what is missing).

use super::Project;
use serde_json::Value;
use std::process::Command;

/// The SQL of docs/aggregates.md with an engine's period expression filled in.
fn recipe(period: &str) -> String {
    doc_query(0, period)
}

/// The `n`th query of docs/aggregates.md with an engine's period expression filled in.
fn doc_query(n: usize, period: &str) -> String {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/aggregates.md")).unwrap();
    let block = doc.split("```sql\n").nth(n + 1).expect("the query");
    let sql = &block[..block.find("```").unwrap()];
    // This table segments by channel only: the recipe's device lines go.
    sql.replace("/* period expression from the table above */", period)
        .replace("  UNION ALL SELECT period, 'device', device, nps, csat, ces FROM r WHERE device IS NOT NULL\n", "")
        .replace(
            "  UNION ALL SELECT period, 'touchpoint/device', concat(touchpoint, '/', device), nps, csat, ces FROM r WHERE touchpoint IS NOT NULL AND device IS NOT NULL\n",
            "",
        )
        .replace(", device, nps", ", nps")
}

/// A project whose 600 responses are in `raw/responses.csv` (for the engines) and in
/// `content/surveys/`, and the metrics.json of its site built from those rows.
fn built_from_rows(label: &str) -> (Project, Value) {
    let project = Project::empty(label);
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
    project.write("content/surveys/responses.csv", &rows);
    project.run(&["build"]).expect(0);
    let figures = project.metrics();
    std::fs::create_dir_all(project.dir.join("content/aggregates")).unwrap();
    (project, figures)
}

/// Runs a Python script in the project folder; `what` names its package for the message.
fn python(project: &Project, script: &str, what: &str) {
    let ran = Command::new("python3").arg("-c").arg(script).current_dir(&project.dir).output().unwrap();
    assert!(ran.status.success(), "{what} could not run the recipe:\n{}", String::from_utf8_lossy(&ran.stderr));
}

/// Builds the project from the aggregate files `glob` matches (and no raw rows), and checks
/// that its figures are those of the raw rows.
fn assert_aggregates_give(project: &Project, glob: &str, raw: &Value, engine: &str) {
    let _ = std::fs::remove_file(project.dir.join("content/surveys/responses.csv"));
    project.write(
        "cxsite.yaml",
        &format!("title: Warehouse\nmin_responses: 5\nsurveys: {{dimensions: [channel], files: [], aggregates: [\"{glob}\"]}}\n"),
    );
    let built = project.run(&["build"]).expect(0);
    // The read line tells aggregate counts from survey rows.
    assert!(built.stdout.contains("Read 0 survey rows from 0 files (0.0 MB) and "), "{}", built.stdout);
    assert!(built.stdout.contains(" aggregate counts from 1 file in "), "{}", built.stdout);
    let aggregated = project.metrics();
    // `metrics` holds the segments within a touchpoint too (`touchpoint/persona`,
    // `touchpoint/channel`), and `segment_gaps` is computed from them.
    let within = |m: &Value| {
        m.as_array().unwrap().iter().filter(|g| g["group"].as_str().unwrap().starts_with("touchpoint/")).count()
    };
    assert!(within(&raw["metrics"]) > 0 && within(&raw["metrics"]) == within(&aggregated["metrics"]));
    assert!(!raw["segment_gaps"].as_array().unwrap().is_empty(), "the gaps are compared too");
    for key in ["current_period", "periods", "metrics", "pain_points", "drivers", "segment_gaps"] {
        assert_eq!(raw[key], aggregated[key], "{key} differs between the raw rows and {engine}'s aggregate");
    }
}

#[test]
fn duckdb_aggregates_give_the_figures_of_the_raw_rows() {
    let (project, raw) = built_from_rows("warehouse-duckdb");
    let period = "strftime(submitted_at, '%Y') || '-Q' || quarter(submitted_at)";
    let sql = recipe(period);
    let cells = doc_query(1, period);
    let script = format!(
        "import duckdb\n\
         duckdb.sql(\"CREATE TABLE responses AS SELECT * FROM read_csv('raw/responses.csv', header=true, \
         types={{'submitted_at': 'DATE', 'touchpoint': 'VARCHAR'}})\")\n\
         duckdb.sql(\"UPDATE responses SET touchpoint = NULL WHERE touchpoint = ''\")\n\
         duckdb.sql(\"\"\"COPY ({sql}) TO 'content/aggregates/all.csv' (HEADER)\"\"\")\n\
         duckdb.sql(\"\"\"COPY ({sql}) TO 'raw/all.parquet' (FORMAT PARQUET)\"\"\")\n\
         duckdb.sql(\"\"\"COPY ({cells}) TO 'raw/cells.csv' (HEADER)\"\"\")\n"
    );
    python(&project, &script, "DuckDB (pip install duckdb)");
    assert_aggregates_give(&project, "aggregates/*.csv", &raw, "DuckDB");

    // The same query written as Parquet (DuckDB's default: snappy, sums as DOUBLE).
    std::fs::remove_file(project.dir.join("content/aggregates/all.csv")).unwrap();
    std::fs::rename(project.dir.join("raw/all.parquet"), project.dir.join("content/aggregates/all.parquet")).unwrap();
    assert_aggregates_give(&project, "aggregates/*.parquet", &raw, "DuckDB's Parquet");

    // The other shape: one row per cell of a plain GROUP BY.
    std::fs::remove_file(project.dir.join("content/aggregates/all.parquet")).unwrap();
    std::fs::rename(project.dir.join("raw/cells.csv"), project.dir.join("content/aggregates/cells.csv")).unwrap();
    assert_aggregates_give(&project, "aggregates/*.csv", &raw, "DuckDB's per-cell");
}

#[test]
fn spark_sql_aggregates_give_the_figures_of_the_raw_rows() {
    let (project, raw) = built_from_rows("warehouse-spark");
    let sql = recipe("concat(year(submitted_at), '-Q', quarter(submitted_at))");
    // Spark writes a folder of part files; one small result is collected and written as one CSV.
    let script = format!(
        "import csv\n\
         from pyspark.sql import SparkSession\n\
         spark = SparkSession.builder.master('local[1]').config('spark.ui.enabled', 'false')\
         .config('spark.sql.shuffle.partitions', '1').getOrCreate()\n\
         spark.sparkContext.setLogLevel('ERROR')\n\
         schema = 'submitted_at DATE, persona STRING, touchpoint STRING, channel STRING, nps INT, csat INT, ces INT'\n\
         spark.read.csv('raw/responses.csv', header=True, schema=schema).createOrReplaceTempView('responses')\n\
         rows = spark.sql(\"\"\"{sql}\"\"\").collect()\n\
         with open('content/aggregates/all.csv', 'w', newline='') as out:\n\
         \x20   w = csv.writer(out)\n\
         \x20   w.writerow(['period', 'segment', 'id', 'metric', 'score', 'count'])\n\
         \x20   w.writerows([['' if v is None else v for v in row] for row in rows])\n\
         spark.stop()\n"
    );
    python(&project, &script, "Spark (pip install pyspark; needs Java)");
    assert_aggregates_give(&project, "aggregates/*.csv", &raw, "Spark SQL");
}
