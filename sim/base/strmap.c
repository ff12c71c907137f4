/* String -> index map by open addressing: see strmap.h. */
#include "strmap.h"
#include "hash.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t hash(const char *s)
{
  return (size_t)og_fnv1a64(OG_FNV64_INIT, s);
}

/* Slot of key, or of the empty slot where it would go. */
static size_t slot(const struct og_strmap *m, const char *key)
{
  size_t i = hash(key) & (m->cap - 1);
  while (m->keys[i] && strcmp(m->keys[i], key))
    i = (i + 1) & (m->cap - 1);
  return i;
}

static enum og_status grow(struct og_strmap *m)
{
  struct og_strmap g = {.cap = m->cap ? 2 * m->cap : 16, .n = m->n};
  g.keys = calloc(g.cap, sizeof *g.keys);
  g.vals = malloc(g.cap * sizeof *g.vals);
  if (!g.keys || !g.vals) {
    free(g.keys);
    free(g.vals);
    return OG_ENOMEM;
  }
  for (size_t i = 0; i < m->cap; i++)
    if (m->keys[i]) {
      size_t j = slot(&g, m->keys[i]);
      g.keys[j] = m->keys[i];
      g.vals[j] = m->vals[i];
    }
  og__strmap_fini(m);
  *m = g;
  return OG_OK;
}

enum og_status og__strmap_put(struct og_strmap *m, const char *key, size_t val, size_t *prev)
{
  if (2 * (m->n + 1) > m->cap && grow(m) != OG_OK)
    return OG_ENOMEM;
  size_t i = slot(m, key);
  if (prev)
    *prev = m->keys[i] ? m->vals[i] : SIZE_MAX;
  if (!m->keys[i]) {
    m->keys[i] = key;
    m->vals[i] = val;
    m->n++;
  }
  return OG_OK;
}

size_t og__strmap_get(const struct og_strmap *m, const char *key)
{
  if (!m->cap)
    return SIZE_MAX;
  size_t i = slot(m, key);
  return m->keys[i] ? m->vals[i] : SIZE_MAX;
}

void og__strmap_fini(struct og_strmap *m)
{
  free(m->keys);
  free(m->vals);
  m->keys = NULL;
  m->vals = NULL;
  m->cap = m->n = 0;
}
