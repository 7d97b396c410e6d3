//! Multi-row statements of fixed sizes, so that each is prepared once per connection.
//!
//! diesel keeps a prepared statement only when its SQL is known from its type: a multi-row
//! insert of a slice builds its SQL at every call and the database compiles (SQLite) or plans
//! (PostgreSQL) it again, which was a fifth of the group-commit writer's time. A statement of
//! `&[T; N]` is cached. [`fixed_batches!`] splits rows into arrays of 256, 64, 16, 4 and 1, so a
//! batch of any size runs as at most a dozen statements, all of them cached.

/// Runs `$statement` (a closure-like `|chunk| …` body applied to `$rows`) once per array of
/// 256, 64, 16, 4 and 1 rows, in order; `?` inside returns from the calling function.
macro_rules! fixed_batches {
    ($rows:expr, |$chunk:ident| $statement:expr) => {{
        let (full, rest) = $rows.as_chunks::<256>();
        for $chunk in full {
            $statement;
        }
        let (full, rest) = rest.as_chunks::<64>();
        for $chunk in full {
            $statement;
        }
        let (full, rest) = rest.as_chunks::<16>();
        for $chunk in full {
            $statement;
        }
        let (full, rest) = rest.as_chunks::<4>();
        for $chunk in full {
            $statement;
        }
        let (full, _) = rest.as_chunks::<1>();
        for $chunk in full {
            $statement;
        }
    }};
}

pub(crate) use fixed_batches;
