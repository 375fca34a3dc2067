# The rate limit's model moved to apure.operations (AttemptWindow): this app keeps its
# migrations only, so that existing databases move the table (migration 0002).
