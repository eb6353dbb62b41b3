"""The reviewer's workbench: a local web page to confirm, correct, reject and add facts.

It is one more reader/writer of data/ (like `extract`): it reads data/articles/*.yaml and the
seeds' cleaned text, and writes every change through generator/review/edits.py, the one module
that touches the files. It never imports the rendering stages.
"""
