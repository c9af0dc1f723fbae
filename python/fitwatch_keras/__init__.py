"""Fitwatch's Keras bridge: a callback added to every Model.fit of a script run by Fitwatch.

Nothing here runs unless `fitwatch run` (or the editor's "Run with Fitwatch") started the
script; see sitecustomize.py beside this package and hook.py.
"""
