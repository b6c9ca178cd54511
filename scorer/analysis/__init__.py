"""Text analysis: sentences (the one place nltk is touched), lexicon cues, quotations,
attribution and its cue classifier, and the sentence and article features."""
