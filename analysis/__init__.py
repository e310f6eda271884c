"""Pure pandas analyses: DataFrame in, DataFrame or dataclass out. No UI, no storage."""
