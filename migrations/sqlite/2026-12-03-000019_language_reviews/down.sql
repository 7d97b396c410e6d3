DROP TABLE district_language_reviews;
