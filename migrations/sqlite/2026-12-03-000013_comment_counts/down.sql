DROP TABLE agg_comments;
