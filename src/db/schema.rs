// Diesel table definitions, written to match migrations/{sqlite,postgres}; keep the three in step.

#![allow(missing_docs)]

diesel::table! {
    districts (id) {
        id -> Integer,
        slug -> Text,
        name -> Text,
        languages -> Text,
        min_n_students -> Integer,
        min_n_parents -> Integer,
        min_n_staff -> Integer,
        min_n_comments -> Integer,
        benchmark_opt_in -> Bool,
        verdict_settings -> Text,
        privacy_note -> Text,
        created_at -> Timestamp,
        time_zone -> Text,
        young_items_per_product -> Integer,
    }
}

diesel::table! {
    schools (id) {
        id -> Integer,
        district_id -> Integer,
        name -> Text,
        level -> Text,
        expected_students -> Integer,
        expected_teachers -> Integer,
        expected_parents -> Integer,
        expected_coordinators -> Integer,
        archived -> Bool,
        created_at -> Timestamp,
        grade_low -> Integer,
        grade_high -> Integer,
        expected_young_students -> Integer,
    }
}

diesel::table! {
    users (id) {
        id -> Integer,
        district_id -> Integer,
        email -> Text,
        display_name -> Text,
        password_hash -> Nullable<Text>,
        role -> Text,
        active -> Bool,
        created_at -> Timestamp,
        last_sign_in_at -> Nullable<Timestamp>,
        sessions_valid_after -> Nullable<Timestamp>,
    }
}

diesel::table! {
    user_schools (user_id, school_id) {
        user_id -> Integer,
        school_id -> Integer,
        district_id -> Integer,
    }
}

diesel::table! {
    invitations (id) {
        id -> Integer,
        district_id -> Integer,
        user_id -> Integer,
        token_hash -> Text,
        created_by -> Nullable<Integer>,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Integer,
        district_id -> Integer,
        user_id -> Integer,
        name -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_attempts (id) {
        id -> Integer,
        email -> Text,
        client_addr -> Text,
        succeeded -> Bool,
        attempted_at -> Timestamp,
    }
}

diesel::table! {
    code_attempts (id) {
        id -> Integer,
        client_addr -> Text,
        attempted_at -> Timestamp,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Integer,
        district_id -> Integer,
        user_id -> Nullable<Integer>,
        action -> Text,
        object_kind -> Text,
        object_id -> Text,
        detail -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    products (id) {
        id -> Integer,
        district_id -> Integer,
        public_id -> Text,
        name -> Text,
        vendor -> Text,
        category -> Text,
        annual_cost_cents -> BigInt,
        currency -> Text,
        licensed_seats -> Integer,
        seat_unit -> Text,
        contract_start -> Nullable<Date>,
        contract_end -> Nullable<Date>,
        support_contact -> Text,
        notes -> Text,
        archived -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    product_features (id) {
        id -> Integer,
        district_id -> Integer,
        product_id -> Integer,
        name -> Text,
        description -> Text,
        in_licence -> Bool,
        position -> Integer,
        audience -> Text,
    }
}

diesel::table! {
    product_feature_texts (feature_id, language) {
        feature_id -> Integer,
        district_id -> Integer,
        language -> Text,
        name -> Text,
        description -> Text,
    }
}

diesel::table! {
    survey_titles (survey_id, language) {
        survey_id -> Integer,
        district_id -> Integer,
        language -> Text,
        title -> Text,
    }
}

diesel::table! {
    district_privacy_notes (district_id, language) {
        district_id -> Integer,
        language -> Text,
        note -> Text,
    }
}

diesel::table! {
    product_schools (product_id, school_id) {
        product_id -> Integer,
        school_id -> Integer,
        district_id -> Integer,
    }
}

diesel::table! {
    constructs (id) {
        id -> Integer,
        district_id -> Nullable<Integer>,
        key -> Text,
        name_en -> Text,
        name_es -> Text,
        per_product -> Bool,
        position -> Integer,
    }
}

diesel::table! {
    bank_items (id) {
        id -> Integer,
        district_id -> Nullable<Integer>,
        construct_id -> Integer,
        key -> Text,
        kind -> Text,
        groups -> Text,
        allows_na -> Bool,
        required -> Bool,
        tag -> Nullable<Text>,
        show_if -> Nullable<Text>,
        number_min -> Nullable<BigInt>,
        number_max -> Nullable<BigInt>,
        position -> Integer,
    }
}

diesel::table! {
    bank_item_wordings (bank_item_id, stakeholder_group, language) {
        bank_item_id -> Integer,
        stakeholder_group -> Text,
        language -> Text,
        prompt -> Text,
        options -> Text,
        unit -> Text,
    }
}

diesel::table! {
    district_language_reviews (district_id, language) {
        district_id -> Integer,
        language -> Text,
        reviewed_by -> Nullable<Integer>,
        reviewed_at -> Timestamp,
    }
}

diesel::table! {
    district_hidden_bank_items (district_id, item_key) {
        district_id -> Integer,
        item_key -> Text,
        hidden_by -> Nullable<Integer>,
        hidden_at -> Timestamp,
    }
}

diesel::table! {
    surveys (id) {
        id -> Integer,
        district_id -> Integer,
        public_id -> Text,
        series_id -> Text,
        title -> Text,
        wave -> Text,
        wave_number -> Integer,
        status -> Text,
        opens_at -> Timestamp,
        closes_at -> Timestamp,
        languages -> Text,
        audience_groups -> Text,
        product_cap -> Integer,
        created_by -> Nullable<Integer>,
        created_at -> Timestamp,
        grace_minutes -> Integer,
    }
}

diesel::table! {
    survey_schools (survey_id, school_id) {
        survey_id -> Integer,
        school_id -> Integer,
        district_id -> Integer,
    }
}

diesel::table! {
    survey_products (survey_id, product_id) {
        survey_id -> Integer,
        product_id -> Integer,
        district_id -> Integer,
        position -> Integer,
    }
}

diesel::table! {
    survey_items (id) {
        id -> Integer,
        district_id -> Integer,
        survey_id -> Integer,
        bank_item_id -> Nullable<Integer>,
        construct_key -> Text,
        item_key -> Text,
        kind -> Text,
        groups -> Text,
        position -> Integer,
        per_product -> Bool,
        required -> Bool,
        allows_na -> Bool,
        tag -> Nullable<Text>,
        show_if -> Nullable<Text>,
        number_min -> Nullable<BigInt>,
        number_max -> Nullable<BigInt>,
    }
}

diesel::table! {
    survey_item_wordings (survey_item_id, stakeholder_group, language) {
        survey_item_id -> Integer,
        district_id -> Integer,
        stakeholder_group -> Text,
        language -> Text,
        prompt -> Text,
        options -> Text,
        unit -> Text,
    }
}

diesel::table! {
    distribution_links (id) {
        id -> Integer,
        district_id -> Integer,
        survey_id -> Integer,
        school_id -> Integer,
        stakeholder_group -> Text,
        token -> Text,
        active -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    access_codes (id) {
        id -> Integer,
        district_id -> Integer,
        survey_id -> Integer,
        school_id -> Integer,
        stakeholder_group -> Text,
        code_hash -> Text,
        batch -> Text,
        used -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    response_drafts (id) {
        id -> Integer,
        district_id -> Integer,
        survey_id -> Integer,
        school_id -> Integer,
        stakeholder_group -> Text,
        resume_hash -> Text,
        language -> Text,
        page -> Integer,
        state -> Text,
        access_code_id -> Nullable<Integer>,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    responses (id) {
        id -> Integer,
        district_id -> Integer,
        survey_id -> Integer,
        school_id -> Integer,
        stakeholder_group -> Text,
        language -> Text,
        submitted_on -> Date,
        submission_key -> Text,
    }
}

diesel::table! {
    packed_answers (response_id) {
        response_id -> Integer,
        district_id -> Integer,
        packed -> Binary,
    }
}

diesel::table! {
    answers (id) {
        id -> Integer,
        district_id -> Integer,
        response_id -> Integer,
        survey_item_id -> Integer,
        product_id -> Nullable<Integer>,
        feature_id -> Nullable<Integer>,
        value -> Nullable<BigInt>,
        not_applicable -> Bool,
        wants_training -> Bool,
        text_value -> Nullable<Text>,
    }
}

diesel::table! {
    agg_scale (survey_item_id, product_id, school_id, stakeholder_group, language, shard) {
        district_id -> Integer,
        survey_item_id -> Integer,
        product_id -> Integer,
        school_id -> Integer,
        stakeholder_group -> Text,
        language -> Text,
        shard -> Integer,
        c1 -> BigInt,
        c2 -> BigInt,
        c3 -> BigInt,
        c4 -> BigInt,
        c5 -> BigInt,
        c_na -> BigInt,
    }
}

diesel::table! {
    agg_recommend (survey_item_id, product_id, school_id, stakeholder_group, language, shard, value) {
        district_id -> Integer,
        survey_item_id -> Integer,
        product_id -> Integer,
        school_id -> Integer,
        stakeholder_group -> Text,
        language -> Text,
        shard -> Integer,
        value -> Integer,
        count -> BigInt,
    }
}

diesel::table! {
    agg_choice (survey_item_id, product_id, school_id, stakeholder_group, language, shard, option_index) {
        district_id -> Integer,
        survey_item_id -> Integer,
        product_id -> Integer,
        school_id -> Integer,
        stakeholder_group -> Text,
        language -> Text,
        shard -> Integer,
        option_index -> Integer,
        count -> BigInt,
    }
}

diesel::table! {
    agg_feature (survey_item_id, product_id, feature_id, school_id, stakeholder_group, language, shard) {
        district_id -> Integer,
        survey_item_id -> Integer,
        product_id -> Integer,
        feature_id -> Integer,
        school_id -> Integer,
        stakeholder_group -> Text,
        language -> Text,
        shard -> Integer,
        c_use -> BigInt,
        c_know -> BigInt,
        c_unaware -> BigInt,
        c_training -> BigInt,
    }
}

diesel::table! {
    agg_number (survey_item_id, product_id, school_id, stakeholder_group, language, shard) {
        district_id -> Integer,
        survey_item_id -> Integer,
        product_id -> Integer,
        school_id -> Integer,
        stakeholder_group -> Text,
        language -> Text,
        shard -> Integer,
        n -> BigInt,
        sum_x -> BigInt,
        sum_x2 -> BigInt,
    }
}

diesel::table! {
    agg_comments (survey_item_id, product_id, school_id, stakeholder_group, language, shard) {
        district_id -> Integer,
        survey_item_id -> Integer,
        product_id -> Integer,
        school_id -> Integer,
        stakeholder_group -> Text,
        language -> Text,
        shard -> Integer,
        commenters -> BigInt,
    }
}

diesel::table! {
    agg_number_bins (survey_item_id, product_id, school_id, stakeholder_group, language, shard, bin) {
        district_id -> Integer,
        survey_item_id -> Integer,
        product_id -> Integer,
        school_id -> Integer,
        stakeholder_group -> Text,
        language -> Text,
        shard -> Integer,
        bin -> BigInt,
        count -> BigInt,
    }
}

diesel::table! {
    agg_construct (survey_id, construct_key, product_id, school_id, stakeholder_group, language, shard) {
        district_id -> Integer,
        survey_id -> Integer,
        construct_key -> Text,
        product_id -> Integer,
        school_id -> Integer,
        stakeholder_group -> Text,
        language -> Text,
        shard -> Integer,
        k -> Integer,
        n -> BigInt,
        sum_t -> BigInt,
        sum_t2 -> BigInt,
    }
}

diesel::table! {
    agg_construct_items (survey_id, construct_key, product_id, school_id, stakeholder_group, language, shard, item_index) {
        district_id -> Integer,
        survey_id -> Integer,
        construct_key -> Text,
        product_id -> Integer,
        school_id -> Integer,
        stakeholder_group -> Text,
        language -> Text,
        shard -> Integer,
        item_index -> Integer,
        sum_x -> BigInt,
        sum_x2 -> BigInt,
        sum_xt -> BigInt,
    }
}

diesel::table! {
    agg_product_use (survey_id, product_id, school_id, stakeholder_group, language, shard) {
        district_id -> Integer,
        survey_id -> Integer,
        product_id -> Integer,
        school_id -> Integer,
        stakeholder_group -> Text,
        language -> Text,
        shard -> Integer,
        asked -> BigInt,
        used -> BigInt,
    }
}

diesel::table! {
    agg_responses (survey_id, school_id, stakeholder_group, day, language, shard) {
        district_id -> Integer,
        survey_id -> Integer,
        school_id -> Integer,
        stakeholder_group -> Text,
        language -> Text,
        day -> Date,
        shard -> Integer,
        completed -> BigInt,
    }
}

diesel::table! {
    aggregate_rebuilds (survey_id) {
        survey_id -> Integer,
        district_id -> Integer,
    }
}

diesel::joinable!(schools -> districts (district_id));
diesel::joinable!(users -> districts (district_id));
diesel::joinable!(user_schools -> users (user_id));
diesel::joinable!(user_schools -> schools (school_id));
diesel::joinable!(user_schools -> districts (district_id));
diesel::joinable!(invitations -> districts (district_id));
diesel::joinable!(api_tokens -> districts (district_id));
diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(audit_log -> districts (district_id));
diesel::joinable!(audit_log -> users (user_id));
diesel::joinable!(products -> districts (district_id));
diesel::joinable!(product_features -> districts (district_id));
diesel::joinable!(product_features -> products (product_id));
diesel::joinable!(product_feature_texts -> product_features (feature_id));
diesel::joinable!(survey_titles -> surveys (survey_id));
diesel::joinable!(district_privacy_notes -> districts (district_id));
diesel::joinable!(product_schools -> products (product_id));
diesel::joinable!(product_schools -> schools (school_id));
diesel::joinable!(product_schools -> districts (district_id));
diesel::joinable!(constructs -> districts (district_id));
diesel::joinable!(bank_items -> districts (district_id));
diesel::joinable!(bank_items -> constructs (construct_id));
diesel::joinable!(bank_item_wordings -> bank_items (bank_item_id));
diesel::joinable!(district_hidden_bank_items -> districts (district_id));
diesel::joinable!(district_language_reviews -> districts (district_id));
diesel::joinable!(district_language_reviews -> users (reviewed_by));
diesel::joinable!(district_hidden_bank_items -> users (hidden_by));
diesel::joinable!(surveys -> districts (district_id));
diesel::joinable!(surveys -> users (created_by));
diesel::joinable!(survey_schools -> surveys (survey_id));
diesel::joinable!(survey_schools -> schools (school_id));
diesel::joinable!(survey_schools -> districts (district_id));
diesel::joinable!(survey_products -> surveys (survey_id));
diesel::joinable!(survey_products -> products (product_id));
diesel::joinable!(survey_products -> districts (district_id));
diesel::joinable!(survey_items -> districts (district_id));
diesel::joinable!(survey_items -> surveys (survey_id));
diesel::joinable!(survey_items -> bank_items (bank_item_id));
diesel::joinable!(survey_item_wordings -> survey_items (survey_item_id));
diesel::joinable!(survey_item_wordings -> districts (district_id));
diesel::joinable!(distribution_links -> districts (district_id));
diesel::joinable!(distribution_links -> surveys (survey_id));
diesel::joinable!(distribution_links -> schools (school_id));
diesel::joinable!(access_codes -> districts (district_id));
diesel::joinable!(access_codes -> surveys (survey_id));
diesel::joinable!(access_codes -> schools (school_id));
diesel::joinable!(response_drafts -> districts (district_id));
diesel::joinable!(response_drafts -> surveys (survey_id));
diesel::joinable!(response_drafts -> schools (school_id));
diesel::joinable!(response_drafts -> access_codes (access_code_id));
diesel::joinable!(responses -> districts (district_id));
diesel::joinable!(responses -> surveys (survey_id));
diesel::joinable!(responses -> schools (school_id));
diesel::joinable!(answers -> districts (district_id));
diesel::joinable!(answers -> responses (response_id));
diesel::joinable!(packed_answers -> responses (response_id));
diesel::joinable!(answers -> survey_items (survey_item_id));
diesel::joinable!(answers -> products (product_id));
diesel::joinable!(answers -> product_features (feature_id));
diesel::joinable!(agg_scale -> districts (district_id));
diesel::joinable!(agg_scale -> survey_items (survey_item_id));
diesel::joinable!(agg_scale -> schools (school_id));
diesel::joinable!(agg_recommend -> districts (district_id));
diesel::joinable!(agg_recommend -> survey_items (survey_item_id));
diesel::joinable!(agg_recommend -> schools (school_id));
diesel::joinable!(agg_choice -> districts (district_id));
diesel::joinable!(agg_choice -> survey_items (survey_item_id));
diesel::joinable!(agg_choice -> schools (school_id));
diesel::joinable!(agg_feature -> districts (district_id));
diesel::joinable!(agg_feature -> survey_items (survey_item_id));
diesel::joinable!(agg_feature -> product_features (feature_id));
diesel::joinable!(agg_feature -> schools (school_id));
diesel::joinable!(agg_number -> districts (district_id));
diesel::joinable!(agg_number -> survey_items (survey_item_id));
diesel::joinable!(agg_number -> schools (school_id));
diesel::joinable!(agg_number_bins -> districts (district_id));
diesel::joinable!(agg_number_bins -> survey_items (survey_item_id));
diesel::joinable!(agg_number_bins -> schools (school_id));
diesel::joinable!(agg_construct -> districts (district_id));
diesel::joinable!(agg_construct -> surveys (survey_id));
diesel::joinable!(agg_construct -> schools (school_id));
diesel::joinable!(agg_construct_items -> districts (district_id));
diesel::joinable!(agg_construct_items -> surveys (survey_id));
diesel::joinable!(agg_construct_items -> schools (school_id));
diesel::joinable!(agg_product_use -> districts (district_id));
diesel::joinable!(agg_product_use -> surveys (survey_id));
diesel::joinable!(agg_product_use -> products (product_id));
diesel::joinable!(agg_product_use -> schools (school_id));
diesel::joinable!(agg_responses -> districts (district_id));
diesel::joinable!(agg_responses -> surveys (survey_id));
diesel::joinable!(agg_responses -> schools (school_id));
diesel::joinable!(agg_comments -> districts (district_id));
diesel::joinable!(agg_comments -> survey_items (survey_item_id));
diesel::joinable!(agg_comments -> schools (school_id));
diesel::joinable!(aggregate_rebuilds -> districts (district_id));
diesel::joinable!(aggregate_rebuilds -> surveys (survey_id));
diesel::joinable!(packed_answers -> districts (district_id));
diesel::joinable!(product_feature_texts -> districts (district_id));
diesel::joinable!(survey_titles -> districts (district_id));

diesel::allow_tables_to_appear_in_same_query!(
    districts,
    schools,
    users,
    user_schools,
    invitations,
    api_tokens,
    login_attempts,
    code_attempts,
    audit_log,
    products,
    product_features,
    product_feature_texts,
    survey_titles,
    district_privacy_notes,
    product_schools,
    constructs,
    bank_items,
    bank_item_wordings,
    district_hidden_bank_items,
    district_language_reviews,
    surveys,
    survey_schools,
    survey_products,
    survey_items,
    survey_item_wordings,
    distribution_links,
    access_codes,
    response_drafts,
    responses,
    packed_answers,
    answers,
    agg_scale,
    agg_recommend,
    agg_choice,
    agg_feature,
    agg_number,
    agg_number_bins,
    agg_comments,
    agg_construct,
    agg_construct_items,
    agg_product_use,
    agg_responses,
    aggregate_rebuilds,
);
