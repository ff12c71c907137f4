/* "--set PATH=VALUE" overrides, applied to the YAML document before it is
 * validated, so an override is checked exactly like the file. PATH is keys
 * separated by dots, with list items as [i], .i or [name]. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_internal.h"

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

static int add_scalar(struct og_parse *p, const char *v, size_t len)
{
  return yaml_document_add_scalar(&p->doc, NULL, (yaml_char_t *)v, (int)len,
                                  YAML_PLAIN_SCALAR_STYLE);
}

static yaml_node_t *node(struct og_parse *p, int id)
{
  return yaml_document_get_node(&p->doc, id);
}

/* Value id of key in a mapping, or 0. */
static int lookup(struct og_parse *p, int map, const char *key)
{
  yaml_node_t *m = node(p, map);
  for (yaml_node_pair_t *pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top; pr++) {
    yaml_node_t *k = node(p, pr->key);
    if (k->type == YAML_SCALAR_NODE && !strcmp((char *)k->data.scalar.value, key))
      return pr->value;
  }
  return 0;
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
    int name = lookup(p, it, "name");
    if (name && node(p, name)->type == YAML_SCALAR_NODE &&
        !strcmp((char *)node(p, name)->data.scalar.value, sel))
      return it;
  }
  return 0;
}

/* Split PATH into segments in place: "a.b[2].c" -> a, b, 2, c. */
static size_t split(char *path, char **seg, size_t max)
{
  size_t n = 0;
  for (char *s = path; *s && n < max;) {
    if (*s == '.' || *s == ']') {
      *s++ = 0;
      continue;
    }
    if (*s == '[')
      *s++ = 0;
    seg[n++] = s;
    while (*s && *s != '.' && *s != '[' && *s != ']')
      s++;
  }
  return n;
}

static enum og_status set_in(struct og_parse *p, int cur, char **seg, size_t n, const char *value,
                             const char *text)
{
  for (size_t i = 0; i < n; i++) {
    yaml_node_t *c = node(p, cur);
    int last = i + 1 == n, next;
    if (c->type == YAML_SEQUENCE_NODE) {
      if (!(next = item(p, cur, seg[i])))
        return og_error_set(p->err, OG_EINVAL, "--set %s: no list item '%s'", text, seg[i]);
    } else if (c->type == YAML_MAPPING_NODE) {
      next = lookup(p, cur, seg[i]);
      if (!next || last) {
        int k = add_scalar(p, seg[i], strlen(seg[i]));
        int v = last ? add_scalar(p, value, strlen(value))
                     : yaml_document_add_mapping(&p->doc, NULL, YAML_BLOCK_MAPPING_STYLE);
        if (!k || !v || mark(p, k, text) || mark(p, v, text))
          return og_error_set(p->err, OG_ENOMEM, "out of memory");
        if (next && last) { /* replace the value of the existing pair */
          if (node(p, next)->type != YAML_SCALAR_NODE)
            return og_error_set(p->err, OG_EINVAL,
                                "--set %s: '%s' is not a single value and cannot be set", text,
                                seg[i]);
          yaml_node_t *m = node(p, cur);
          for (yaml_node_pair_t *pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top;
               pr++)
            if (pr->value == next)
              pr->value = v;
        } else if (!yaml_document_append_mapping_pair(&p->doc, cur, k, v)) {
          return og_error_set(p->err, OG_ENOMEM, "out of memory");
        }
        next = v;
      }
    } else {
      return og_error_set(p->err, OG_EINVAL, "--set %s: '%s' is inside a single value", text,
                          seg[i]);
    }
    cur = next;
  }
  return OG_OK;
}

enum og_status og__scn_overrides(struct og_parse *p, const char *const *ov, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    const char *eq = strchr(ov[i], '=');
    if (!eq || eq == ov[i])
      return og_error_set(p->err, OG_EINVAL, "--set '%s': expected PATH=VALUE", ov[i]);
    char *path = strndup(ov[i], (size_t)(eq - ov[i]));
    char *seg[32];
    if (!path)
      return og_error_set(p->err, OG_ENOMEM, "out of memory");
    size_t ns = split(path, seg, 32);
    enum og_status st = ns ? set_in(p, 1, seg, ns, eq + 1, ov[i])
                           : og_error_set(p->err, OG_EINVAL, "--set '%s': empty path", ov[i]);
    free(path);
    if (st != OG_OK)
      return st;
  }
  return OG_OK;
}
