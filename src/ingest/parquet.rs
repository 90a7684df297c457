//! Aggregate files in Parquet, as DuckDB, Spark, BigQuery and Trino write them: read row by
//! row into the same text the CSV reader gives, so both shapes of aggregate are counted by one
//! function whatever the format.

use std::fs::File;
use std::path::Path;

use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;

use super::aggregate::{RawRow, RowPlace};
use crate::diagnostics::{Diagnostic, Location};

/// The column names and rows of the Parquet file at `path` (`file` as shown to the user).
pub fn aggregate_rows(path: &Path, file: &Path) -> Result<super::aggregate::ReadRows, Diagnostic> {
    let cannot = |e: &dyn std::fmt::Display| {
        let message = e.to_string();
        let codec = ["compression", "codec", "feature"].iter().any(|w| message.to_lowercase().contains(w));
        let hint = if codec {
            "cxsite reads Parquet uncompressed or with SNAPPY or GZIP: write it with one of those (DuckDB: `COPY (...) TO 'all.parquet' (FORMAT PARQUET, COMPRESSION SNAPPY)`), or as CSV"
        } else {
            "this is not a whole Parquet file: write it again (DuckDB: `COPY (...) TO 'all.parquet' (FORMAT PARQUET)`), or as CSV"
        };
        Diagnostic::error(Location::file(file), format!("cannot read this Parquet file: {message}")).with_hint(hint)
    };
    let opened = File::open(path).map_err(|e| cannot(&e))?;
    let reader = SerializedFileReader::new(opened).map_err(|e| cannot(&e))?;
    // The top-level fields, as the rows give them (a nested column is one field of a row).
    let schema = reader.metadata().file_metadata().schema_descr().root_schema().get_fields().to_vec();
    let names: Vec<String> = schema.iter().map(|field| field.name().to_string()).collect();
    let mut rows = Vec::new();
    for (index, row) in reader.into_iter().enumerate() {
        let place = RowPlace::Row(index + 1);
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                rows.push(Err(cannot(&e)));
                break; // the rest of a damaged file cannot be trusted either
            }
        };
        let cells = row.get_column_iter().map(|(_, field)| as_text(field)).collect();
        rows.push(Ok(RawRow { cells, place }));
    }
    Ok((names, rows))
}

/// A cell as the CSV reader would see it: numbers written out, an empty text for null.
/// DuckDB writes sums (HUGEINT) as DOUBLE and other engines as DECIMAL: whole values of
/// either become whole numbers.
fn as_text(field: &Field) -> String {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53: every whole double below is exact
    match field {
        Field::Null => String::new(),
        Field::Str(text) => text.trim().to_string(),
        Field::Byte(n) => n.to_string(),
        Field::Short(n) => n.to_string(),
        Field::Int(n) => n.to_string(),
        Field::Long(n) => n.to_string(),
        Field::UByte(n) => n.to_string(),
        Field::UShort(n) => n.to_string(),
        Field::UInt(n) => n.to_string(),
        Field::ULong(n) => n.to_string(),
        Field::Double(x) if x.fract() == 0.0 && x.abs() < EXACT => format!("{}", *x as i64),
        Field::Float(x) if x.fract() == 0.0 && f64::from(*x).abs() < EXACT => format!("{}", *x as i64),
        Field::Double(x) if x.fract() == 0.0 => format!("{x} (too large to count exactly)"),
        Field::Decimal(decimal) if decimal.scale() == 0 => whole_decimal(decimal.data()),
        other => other.to_string(),
    }
}

/// A DECIMAL with scale 0: its big-endian two's-complement bytes as a whole number.
fn whole_decimal(bytes: &[u8]) -> String {
    if bytes.is_empty() || bytes.len() > 16 {
        return "an unreadable number".into();
    }
    let negative = bytes[0] & 0x80 != 0;
    let mut value: i128 = if negative { -1 } else { 0 };
    for &byte in bytes {
        value = (value << 8) | i128::from(byte);
    }
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_of_every_type_read_as_the_csv_reader_reads_them() {
        assert_eq!(as_text(&Field::Null), "");
        assert_eq!(as_text(&Field::Str(" touchpoint ".into())), "touchpoint");
        assert_eq!(as_text(&Field::Long(42)), "42");
        assert_eq!(as_text(&Field::Double(1.0e12)), "1000000000000");
        assert_eq!(as_text(&Field::Double(2.5)), "2.5", "not whole: the count check says so");
        assert!(as_text(&Field::Double(1.0e17)).ends_with("(too large to count exactly)"));
        assert_eq!(whole_decimal(&[0x01, 0x00]), "256");
        assert_eq!(whole_decimal(&[0xff, 0xfe]), "-2");
        assert_eq!(whole_decimal(&[0x00; 16]), "0");
    }
}
