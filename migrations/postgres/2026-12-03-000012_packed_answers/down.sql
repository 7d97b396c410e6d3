DROP TABLE packed_answers;
