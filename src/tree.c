/* tree.c - see tree.h. A chain of nodes with one child each is printed on
 * one line ("A ── B ── B"), so a tree of n runs takes about n lines. */
#include "tree.h"

#include <stdlib.h>
#include <string.h>

#define MAX_NODES 200000
#define MAX_DEPTH 256 /* deeper paths end in "..." (and recursion stays shallow) */

struct shuffle_tree_node {
	char *label;
	char *leaf; /* outcomes of the runs ending here, NULL if none */
	struct shuffle_tree_node *child, *next;
};

static struct shuffle_tree_node *node(const char *label)
{
	struct shuffle_tree_node *n = calloc(1, sizeof *n);
	if (n && !(n->label = strdup(label))) {
		free(n);
		n = NULL;
	}
	return n;
}

static struct shuffle_tree_node *child(struct shuffle_tree *t, struct shuffle_tree_node *parent,
				       const char *label)
{
	struct shuffle_tree_node **at = &parent->child;
	while (*at && strcmp((*at)->label, label) != 0)
		at = &(*at)->next;
	if (!*at && t->nodes < MAX_NODES && (*at = node(label)))
		t->nodes++;
	return *at;
}

int shuffle_tree_add(struct shuffle_tree *t, const char *const *labels, size_t n, const char *leaf)
{
	if (!t->root && !(t->root = node("start")))
		return -1;
	struct shuffle_tree_node *at = t->root;
	for (size_t i = 0; i < n && i < MAX_DEPTH && at; i++)
		at = child(t, at, labels[i]);
	if (n > MAX_DEPTH && at)
		at = child(t, at, "...");
	if (!at)
		return -1;
	char *joined = NULL;
	if (at->leaf) {
		size_t len = strlen(at->leaf) + strlen(leaf) + 3;
		if ((joined = malloc(len)))
			snprintf(joined, len, "%s; %s", at->leaf, leaf);
	} else {
		joined = strdup(leaf);
	}
	if (!joined)
		return -1;
	free(at->leaf);
	at->leaf = joined;
	return 0;
}

static void print_node(const struct shuffle_tree_node *n, FILE *f, char *prefix, size_t len,
		       size_t cap)
{
	for (const struct shuffle_tree_node *c = n->child; c; c = c->next) {
		int last = c->next == NULL;
		fprintf(f, "%.*s%s%s", (int)len, prefix, last ? "└── " : "├── ", c->label);
		const struct shuffle_tree_node *end = c;
		while (end->child && !end->child->next && !end->leaf) {
			end = end->child;
			fprintf(f, " ── %s", end->label);
		}
		if (end->leaf)
			fprintf(f, "   %s", end->leaf);
		fputc('\n', f);
		const char *more = last ? "    " : "│   ";
		size_t add = strlen(more);
		if (len + add < cap) {
			memcpy(prefix + len, more, add);
			print_node(end, f, prefix, len + add, cap);
		}
	}
}

void shuffle_tree_print(const struct shuffle_tree *t, FILE *f)
{
	if (!t->root)
		return;
	char prefix[4096];
	fprintf(f, "\nstart\n");
	print_node(t->root, f, prefix, 0, sizeof prefix);
	if (t->nodes >= MAX_NODES)
		fprintf(f, "(the tree stopped growing at %d nodes)\n", MAX_NODES);
	fputc('\n', f);
}

static void free_node(struct shuffle_tree_node *n)
{
	while (n) {
		struct shuffle_tree_node *next = n->next;
		free_node(n->child);
		free(n->label);
		free(n->leaf);
		free(n);
		n = next;
	}
}

void shuffle_tree_free(struct shuffle_tree *t)
{
	free_node(t->root);
	memset(t, 0, sizeof *t);
}
