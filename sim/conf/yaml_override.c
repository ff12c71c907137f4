/* "--set PATH=VALUE" overrides, applied to the YAML document before it is
 * validated, so an override is checked exactly like the file. PATH is keys
 * separated by dots, with list items as [i], .i or [name]. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

#define MAX_SEGMENTS 32

/* Remember that node `id` was made by override `text`. */
static enum og_status mark(struct og_parse *p, int id, const char *text)
{
  if (id >= p->n_origin) {
    int n = p->n_origin ? p->n_origin : 64;
    while (n <= id)
      n *= 2;
    const char **o = realloc(p->origin, (size_t)n * sizeof *o);
    if (!o)
      return og_error_set(p->err, OG_ENOMEM, "out of memory");
    memset(o + p->n_origin, 0, (size_t)(n - p->n_origin) * sizeof *o);
    p->origin = o;
    p->n_origin = n;
  }
  p->origin[id] = text;
  return OG_OK;
}

/* A new node made by override `text` (0 when out of memory). */
static int add_node(struct og_parse *p, const char *scalar, const char *text)
{
  int id = scalar ? yaml_document_add_scalar(&p->doc, NULL, (yaml_char_t *)scalar,
                                             (int)strlen(scalar), YAML_PLAIN_SCALAR_STYLE)
                  : yaml_document_add_mapping(&p->doc, NULL, YAML_BLOCK_MAPPING_STYLE);
  return id && mark(p, id, text) == OG_OK ? id : 0;
}

static yaml_node_t *node(struct og_parse *p, int id)
{
  return yaml_document_get_node(&p->doc, id);
}

/* The pair of key in a mapping, or NULL. */
static yaml_node_pair_t *lookup(struct og_parse *p, int map, const char *key)
{
  yaml_node_t *m = node(p, map);
  for (yaml_node_pair_t *pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top; pr++) {
    yaml_node_t *k = node(p, pr->key);
    if (k->type == YAML_SCALAR_NODE && !strcmp((char *)k->data.scalar.value, key))
      return pr;
  }
  return NULL;
}

/* Item of a list by index ("3") or by its `name` ("h100"), or 0. */
static int item(struct og_parse *p, int seq, const char *sel)
{
  yaml_node_t *s = node(p, seq);
  size_t n = (size_t)(s->data.sequence.items.top - s->data.sequence.items.start);
  char *end;
  unsigned long i = strtoul(sel, &end, 10);
  if (isdigit((unsigned char)*sel) && !*end)
    return i < n ? s->data.sequence.items.start[i] : 0;
  for (size_t k = 0; k < n; k++) {
    int it = s->data.sequence.items.start[k];
    if (node(p, it)->type != YAML_MAPPING_NODE)
      continue;
    yaml_node_pair_t *name = lookup(p, it, "name");
    if (name && node(p, name->value)->type == YAML_SCALAR_NODE &&
        !strcmp((char *)node(p, name->value)->data.scalar.value, sel))
      return it;
  }
  return 0;
}

/* Split PATH into segments in place: "a.b[2].c" -> a, b, 2, c. Returns the
 * count, or 0 when the path is malformed (empty segment, stray bracket). */
static size_t split(char *s, char **seg, size_t max)
{
  size_t n = 0;
  int bracket = 0; /* the segment at s was opened by '[' */
  for (;;) {
    if (n == max)
      return 0;
    seg[n++] = s;
    s += strcspn(s, bracket ? "[]" : ".[]");
    if (s == seg[n - 1] || (!bracket && *s == ']'))
      return 0;
    if (bracket) {
      if (*s != ']')
        return 0;
      *s++ = 0;
      if (*s && *s != '.' && *s != '[')
        return 0;
    }
    if (!*s)
      return n;
    bracket = *s == '[';
    *s++ = 0;
  }
}

/* Value of key in a mapping, made an empty mapping when missing; 0 when out
 * of memory. */
static int child(struct og_parse *p, int map, const char *key, const char *text)
{
  yaml_node_pair_t *pr = lookup(p, map, key);
  if (pr)
    return pr->value;
  int k = add_node(p, key, text), v = add_node(p, NULL, text);
  return k && v && yaml_document_append_mapping_pair(&p->doc, map, k, v) ? v : 0;
}

/* Set map[key] to the scalar value, replacing a scalar or adding the key. */
static enum og_status set_value(struct og_parse *p, int map, const char *key, const char *value,
                                const char *text)
{
  yaml_node_pair_t *pr = lookup(p, map, key);
  if (pr && node(p, pr->value)->type != YAML_SCALAR_NODE)
    return og_error_set(p->err, OG_EINVAL, "--set %s: '%s' is not a single value and cannot be set",
                        text, key);
  int v = add_node(p, value, text);
  if (v && pr) {
    pr->value = v;
    return OG_OK;
  }
  int k = v ? add_node(p, key, text) : 0;
  if (!k || !yaml_document_append_mapping_pair(&p->doc, map, k, v))
    return og_error_set(p->err, OG_ENOMEM, "out of memory");
  return OG_OK;
}

/* Follow seg[0..n-2] from the root, then set the last segment to value. */
static enum og_status set_in(struct og_parse *p, char **seg, size_t n, const char *value,
                             const char *text)
{
  int cur = 1; /* the root node */
  for (size_t i = 0; i + 1 < n; i++) {
    yaml_node_type_t t = node(p, cur)->type;
    if (t == YAML_SEQUENCE_NODE && !(cur = item(p, cur, seg[i])))
      return og_error_set(p->err, OG_EINVAL, "--set %s: no list item '%s'", text, seg[i]);
    if (t == YAML_MAPPING_NODE && !(cur = child(p, cur, seg[i], text)))
      return og_error_set(p->err, OG_ENOMEM, "out of memory");
    if (t == YAML_SCALAR_NODE)
      return og_error_set(p->err, OG_EINVAL, "--set %s: '%s' is inside a single value", text,
                          seg[i]);
  }
  const char *last = seg[n - 1];
  switch (node(p, cur)->type) {
  case YAML_MAPPING_NODE:
    return set_value(p, cur, last, value, text);
  case YAML_SEQUENCE_NODE:
    if (!item(p, cur, last))
      return og_error_set(p->err, OG_EINVAL, "--set %s: no list item '%s'", text, last);
    return og_error_set(p->err, OG_EINVAL,
                        "--set %s: list item '%s' is not a single value and cannot be set", text,
                        last);
  default:
    return og_error_set(p->err, OG_EINVAL, "--set %s: '%s' is inside a single value", text, last);
  }
}

enum og_status og__conf_overrides(struct og_parse *p, const char *const *ov, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    const char *eq = strchr(ov[i], '=');
    if (!eq || eq == ov[i])
      return og_error_set(p->err, OG_EINVAL, "--set '%s': expected PATH=VALUE", ov[i]);
    char *path = strndup(ov[i], (size_t)(eq - ov[i]));
    char *seg[MAX_SEGMENTS];
    if (!path)
      return og_error_set(p->err, OG_ENOMEM, "out of memory");
    size_t ns = split(path, seg, MAX_SEGMENTS);
    enum og_status st = ns ? set_in(p, seg, ns, eq + 1, ov[i])
                           : og_error_set(p->err, OG_EINVAL,
                                          "--set '%s': malformed path (expected keys separated "
                                          "by '.', list items as [i] or [name])", ov[i]);
    free(path);
    if (st != OG_OK)
      return st;
  }
  return OG_OK;
}
