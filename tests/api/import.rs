//! CSV import of a product inventory: a preview listing every row's problems, and a commit
//! that writes every row or nothing.

use crate::both_backends;
use crate::catalogue::{audit_actions, count_products, signed_in_admin};
use crate::helpers::TestApp;
use chorus::db::schema::{product_features, products};
use diesel::prelude::*;

const HEADER: &str = "Name,Vendor,Category,Annual_Cost,Currency,Seats,Seat_Unit,Contract_Start,Contract_End,Support_Contact,Features";

both_backends!(
    bad_rows_are_listed_and_nothing_is_written,
    |app: TestApp| async move {
        signed_in_admin(&app, "Import District").await;
        let csv = format!(
            "{HEADER}\n\
         Good One,V,Reading,\"1,000\",USD,10,student,2026-07-01,2027-06-30,help@v.example,A;B\n\
         ,V,,abc,US,ten,desk,2027-07-01,2027-06-30,,A;a\n\
         Alpha,V,,5,USD,1,school,,,,\n\
         Good One,V,,5,USD,1,site,,,,\n"
        );
        let before = (count_products(&app), audit_actions(&app).len());
        let res = app
            .post_form("/admin/products/import/preview", &[("csv", &csv)])
            .await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(html.contains("Rows with problems: 3 of 4"));
        for problem in [
            "name: Enter the product name.",
            "annual_cost: &quot;abc&quot; is not an amount",
            "currency: &quot;US&quot; is not a currency code",
            "seats: &quot;ten&quot; is not a whole number",
            "seat_unit: &quot;desk&quot; is not a known seat unit",
            "contract_end: The contract end (2027-06-30) is before its start (2027-07-01).",
            "features: &quot;a&quot; is listed twice.",
            "name: the catalogue already has a product called &quot;Alpha&quot;",
            "name: line 2 already imports a product with this name.",
        ] {
            assert!(html.contains(problem), "missing {problem}");
        }
        assert!(html.contains("New product"), "the good row is shown as new");
        assert!(
            !html.contains("/admin/products/import/commit"),
            "no commit offered"
        );
        // Committing anyway is refused, row problems listed again, nothing written.
        let res = app
            .post_form("/admin/products/import/commit", &[("csv", &csv)])
            .await;
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("Rows with problems: 3 of 4"));
        assert_eq!((count_products(&app), audit_actions(&app).len()), before);
    }
);

both_backends!(
    a_clean_import_writes_every_row_at_once,
    |app: TestApp| async move {
        let f = signed_in_admin(&app, "Clean Import").await;
        let csv = format!(
        "{HEADER}\n\
         Lexia,Lexia Learning,Reading,\"38,000.50\",usd,1200,,2026-07-01,2027-06-30,help@lexia.example,Core5; Reports\n\
         Seesaw,Seesaw Learning,,9000,,40,school,,,,\n"
    );
        let res = app
            .post_form("/admin/products/import/preview", &[("csv", &csv)])
            .await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(html.contains("All 2 rows can be imported") && html.contains("Import 2 products"));
        let before = count_products(&app);
        let res = app
            .post_form("/admin/products/import/commit", &[("csv", &csv)])
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(count_products(&app), before + 2);
        let mut conn = app.pool.get().unwrap();
        let (cost, currency, unit, end): (i64, String, String, Option<chrono::NaiveDate>) =
            products::table
                .filter(products::district_id.eq(f.district.0))
                .filter(products::name.eq("Lexia"))
                .select((
                    products::annual_cost_cents,
                    products::currency,
                    products::seat_unit,
                    products::contract_end,
                ))
                .first(&mut *conn)
                .unwrap();
        assert_eq!(
            (cost, currency.as_str(), unit.as_str()),
            (3_800_050, "USD", "student")
        );
        assert_eq!(end, chrono::NaiveDate::from_ymd_opt(2027, 6, 30));
        let features: Vec<String> = product_features::table
            .inner_join(products::table)
            .filter(products::name.eq("Lexia"))
            .order(product_features::position)
            .select(product_features::name)
            .load(&mut *conn)
            .unwrap();
        assert_eq!(features, ["Core5", "Reports"]);
        drop(conn);
        assert_eq!(audit_actions(&app).last().unwrap(), "product.import");
        // The same file again: every row now collides, so nothing more is written.
        let res = app
            .post_form("/admin/products/import/commit", &[("csv", &csv)])
            .await;
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("already has a product called &quot;Seesaw&quot;"));
        assert_eq!(count_products(&app), before + 2);
    }
);

both_backends!(
    file_problems_get_a_clear_message,
    |app: TestApp| async move {
        signed_in_admin(&app, "File Problems").await;
        let audited = audit_actions(&app).len();
        let cases = [
            (String::new(), "Paste the CSV"),
            (
                "name,vendor\nA,B\n".to_string(),
                "lacks the columns annual_cost, seats",
            ),
            (
                format!("{HEADER},Colour\n"),
                "unknown column &quot;colour&quot;",
            ),
            (format!("{HEADER}\n"), "no rows to import"),
            (
                format!("{HEADER}\n{}", "A,V,,1,,1,,,,,\n".repeat(5_001)),
                "more than 5000 rows",
            ),
            ("x".repeat(1024 * 1024 + 10), "at most 1,024 KiB (1 MiB)"),
        ];
        for (csv, message) in cases {
            for step in ["preview", "commit"] {
                let res = app
                    .post_form(&format!("/admin/products/import/{step}"), &[("csv", &csv)])
                    .await;
                assert_eq!(res.status(), 422, "{step}: {message}");
                let html = res.text().await.unwrap();
                assert!(html.contains(message), "{step}: {message}");
                assert!(html.contains("id=\"csv-error\""));
            }
        }
        assert_eq!(audit_actions(&app).len(), audited, "nothing recorded");
    }
);
