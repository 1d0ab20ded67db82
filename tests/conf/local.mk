# tests/conf: good configs (vigild -t passes, vigild -d matches NAME.ok) and
# bad ones (vigild -t fails with exactly the messages in NAME.err).
TESTS += tests/conf/run.sh
EXTRA_DIST += tests/conf/run.sh tests/conf/good tests/conf/bad
