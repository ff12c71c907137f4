/* A string -> index map by open addressing (FNV-1a, linear probing), for
 * name lookups and uniqueness checks in the loaders: linear in the number of
 * names where pairwise comparison was quadratic. */
#ifndef OG_STRMAP_H
#define OG_STRMAP_H

#include <stddef.h>

#include "status.h"

/* Keys are borrowed: they must outlive the map. Zero-initialised is empty. */
struct og_strmap {
  const char **keys;
  size_t *vals;
  size_t cap, n; /* cap is 0 or a power of two, kept at least twice n */
};

/* Map key to val. When key is already there, its value is left as it was
 * and *prev (if given) receives it; otherwise *prev is SIZE_MAX. On
 * OG_ENOMEM the map is unchanged. */
OG_MUST_CHECK enum og_status og__strmap_put(struct og_strmap *m, const char *key, size_t val,
                                            size_t *prev);

/* The value of key, or SIZE_MAX when absent. */
size_t og__strmap_get(const struct og_strmap *m, const char *key);

/* Frees the tables (not the keys) and empties the map. */
void og__strmap_fini(struct og_strmap *m);

#endif
