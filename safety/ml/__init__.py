"""The crisis scanner's second layer: all-MiniLM-L6-v2 fine-tuned for crisis, served in numpy.

    model = TunedModel.load()                # base weights from the package + the shipped delta
    fused = fusion.fuse(scanner.scan(text, lexicon), model.rate(text), model.thresholds)

tuned.py serves, finetune.py trains (PyTorch, the `train` extra), corpus.py builds the labelled
corpus, evaluate.py scores a labelled set, fusion.py combines the model with the lexicon.
"""
