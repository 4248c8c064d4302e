/* tree.h - the interleaving tree (--tree): every run's sequence as a path
 * from the root, shared prefixes drawn once, each leaf with its outcome,
 * like the tree in the seed's README. */
#ifndef SHUFFLE_TREE_H
#define SHUFFLE_TREE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct shuffle_tree_node;

struct shuffle_tree {
	struct shuffle_tree_node *root;
	size_t nodes;
};

/* Add one run: its sequence of labels and what to print at its leaf.
 * Returns 0, or -1 (out of memory, or the tree is full: it stops growing). */
int shuffle_tree_add(struct shuffle_tree *t, const char *const *labels, size_t n, const char *leaf);
void shuffle_tree_print(const struct shuffle_tree *t, FILE *f);
void shuffle_tree_free(struct shuffle_tree *t);

#endif
