"""Everything that fits or measures: corpora readers, training, evaluation, model cards, the
cue classifier's fitting, and the rebuilding of shipped resources (Punkt parameters, lexicon
weights). Nothing at run time imports this package, or scikit-learn."""
