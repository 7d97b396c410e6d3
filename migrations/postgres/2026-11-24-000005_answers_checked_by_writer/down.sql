ALTER TABLE answers ADD CONSTRAINT answers_district_id_fkey FOREIGN KEY (district_id) REFERENCES districts(id);
ALTER TABLE answers ADD CONSTRAINT answers_survey_item_id_fkey FOREIGN KEY (survey_item_id) REFERENCES survey_items(id);
ALTER TABLE answers ADD CONSTRAINT answers_product_id_fkey FOREIGN KEY (product_id) REFERENCES products(id);
ALTER TABLE answers ADD CONSTRAINT answers_feature_id_fkey FOREIGN KEY (feature_id) REFERENCES product_features(id);
