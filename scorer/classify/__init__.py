"""The JSON logistic models at run time: load and verify them, predict, explain."""
