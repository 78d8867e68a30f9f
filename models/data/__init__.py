"""The labelled agent-sentence data set: hand-written seeds, slot filling and style variation.

`python -m models.data.build_dataset` regenerates train.jsonl and test.jsonl.
"""
