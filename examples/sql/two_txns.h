/* two_txns.h - what the SQL examples share: two transactions, each run by
 * its own thread (labelled A and B by shuffle-run, in creation order), and
 * their joint outcome. */
#ifndef TWO_TXNS_H
#define TWO_TXNS_H

#include <pthread.h>
#include <stdio.h>

/* The first member of each example's transaction. */
struct txn_outcome {
	int committed;
	char error[160]; /* why it did not commit */
};

/* Run body(a) and body(b) in two threads and wait for both. Returns how
 * many committed, with *error the message of the first that did not (or
 * NULL); -1 when a thread cannot start. */
static inline int run_two_txns(const char *prog, void *(*body)(void *), struct txn_outcome *a,
			       struct txn_outcome *b, const char **error)
{
	struct txn_outcome *txns[2] = { a, b };
	pthread_t threads[2];
	for (int i = 0; i < 2; i++)
		if (pthread_create(&threads[i], NULL, body, txns[i]) != 0) {
			fprintf(stderr, "%s: cannot start a thread\n", prog);
			return -1;
		}
	int committed = 0;
	*error = NULL;
	for (int i = 0; i < 2; i++) {
		pthread_join(threads[i], NULL);
		committed += txns[i]->committed;
		if (!txns[i]->committed && !*error)
			*error = txns[i]->error;
	}
	return committed;
}

#endif
