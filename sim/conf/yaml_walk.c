/* Walking a YAML document against the schema tables: types, units, ranges,
 * unknown and duplicate keys, each error with its line, column and key path. */
#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "conf.h"

enum og_status og__conf_fail(struct og_parse *p, const yaml_node_t *node, const char *fmt, ...)
{
  char msg[700];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  const char *path = p->path[0] ? p->path : p->root ? p->root : "scenario";
  int id = node ? (int)(node - p->doc.nodes.start) + 1 : 0;
  if (id > 0 && id < p->n_origin && p->origin[id])
    return og_error_set(p->err, OG_EINVAL, "--set %s: %s: %s", p->origin[id], path, msg);
  if (!node)
    return og_error_set(p->err, OG_EINVAL, "%s: %s: %s", p->file, path, msg);
  return og_error_set(p->err, OG_EINVAL, "%s:%zu:%zu: %s: %s", p->file,
                      node->start_mark.line + 1, node->start_mark.column + 1, path, msg);
}

static const char *scalar(const yaml_node_t *n)
{
  return n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static size_t path_push(struct og_parse *p, const char *fmt, const char *s, size_t i)
{
  size_t len = strlen(p->path);
  char seg[256];
  snprintf(seg, sizeof seg, fmt, s, i);
  snprintf(p->path + len, sizeof p->path - len, "%s%s", len && seg[0] != '[' ? "." : "", seg);
  return len;
}

static const char *range_text(const struct og_field *f, char *buf, size_t len)
{
  char lo[64], hi[64];
  if (f->lo == 0) /* "must be > 0", not "> 0s" */
    snprintf(lo, sizeof lo, "0");
  else
    og_units_format(f->lo, f->unit, lo, sizeof lo);
  og_units_format(f->hi, f->unit, hi, sizeof hi);
  switch (f->range) {
  case OG_R_GT: snprintf(buf, len, "must be > %s", lo); break;
  case OG_R_GE: snprintf(buf, len, "must be >= %s", lo); break;
  case OG_R_GT_LE: snprintf(buf, len, "must be in (%s, %s]", lo, hi); break;
  case OG_R_GE_LE: snprintf(buf, len, "must be in [%s, %s]", lo, hi); break;
  case OG_R_GE_LT: snprintf(buf, len, "must be in [%s, %s)", lo, hi); break;
  default: buf[0] = 0;
  }
  return buf;
}

static int in_range(const struct og_field *f, double v)
{
  switch (f->range) {
  case OG_R_GT: return v > f->lo;
  case OG_R_GE: return v >= f->lo;
  case OG_R_GT_LE: return v > f->lo && v <= f->hi;
  case OG_R_GE_LE: return v >= f->lo && v <= f->hi;
  case OG_R_GE_LT: return v >= f->lo && v < f->hi;
  default: return 1;
  }
}

static int parse_uint(const char *s, unsigned long long *out)
{
  char *end;
  if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
    return -1;
  errno = 0;
  *out = strtoull(s, &end, 10);
  return errno || *end ? -1 : 0;
}

static const char *enum_list(const char *const *names, char *buf, size_t len)
{
  buf[0] = 0;
  for (size_t i = 0; names[i]; i++)
    snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? ", " : "", names[i]);
  return buf;
}

/* Write a scalar's value into base per the field; text is the value. */
static enum og_status set_scalar(struct og_parse *p, const struct og_field *f, const char *text,
                                 yaml_node_t *node, char *base)
{
  char buf[512];
  unsigned long long u;
  double v;
  const char *why;
  switch (f->type) {
  case OG_F_NAME:
    if ((why = og__name_problem(text, buf, sizeof buf)))
      return og__conf_fail(p, node, "%s", why);
    /* fall through */
  case OG_F_STR:
    if (!*text)
      return og__conf_fail(p, node, "must not be empty");
    free(*(char **)(base + f->off));
    if (!(*(char **)(base + f->off) = strdup(text)))
      return og_error_set(p->err, OG_ENOMEM, "out of memory");
    return OG_OK;
  case OG_F_U64:
    if (parse_uint(text, &u) != 0)
      return og__conf_fail(p, node, "expected a non-negative integer, got '%s'", text);
    *(uint64_t *)(base + f->off) = u;
    return OG_OK;
  case OG_F_COUNT:
  case OG_F_COUNT_MAP:
  case OG_F_COUNT_F64:
  case OG_F_UINT:
    if (parse_uint(text, &u) != 0)
      return og__conf_fail(p, node, "expected a non-negative integer, got '%s'", text);
    if (!in_range(f, (double)u))
      return og__conf_fail(p, node, "%s, got %s", range_text(f, buf, sizeof buf), text);
    if (f->type == OG_F_UINT)
      *(unsigned *)(base + f->off) = (unsigned)u;
    else if (f->type == OG_F_COUNT_F64)
      *(double *)(base + f->off) = (double)u;
    else
      *(size_t *)(base + f->off) = (size_t)u;
    return OG_OK;
  case OG_F_NUM:
  case OG_F_NUM_MAP:
    if (og_units_parse(text, f->unit, &v, &why) != OG_OK)
      return og__conf_fail(p, node, "%s, got '%s'", why, text);
    if (!in_range(f, v))
      return og__conf_fail(p, node, "%s, got %s", range_text(f, buf, sizeof buf), text);
    *(double *)(base + f->off) = v;
    return OG_OK;
  case OG_F_ENUM:
    for (int i = 0; f->names[i]; i++)
      if (!strcmp(text, f->names[i])) {
        *(int *)(base + f->off) = i;
        return OG_OK;
      }
    return og__conf_fail(p, node, "must be one of: %s; got '%s'",
                         enum_list(f->names, buf, sizeof buf), text);
  case OG_F_BOOL:
    if (!strcmp(text, "true") || !strcmp(text, "yes"))
      *(int *)(base + f->off) = 1;
    else if (!strcmp(text, "false") || !strcmp(text, "no"))
      *(int *)(base + f->off) = 0;
    else
      return og__conf_fail(p, node, "expected true or false, got '%s'", text);
    return OG_OK;
  default:
    return og__conf_fail(p, node, "internal: not a scalar field");
  }
}

static enum og_status add_ref(struct og_parse *p, const struct og_field *f, yaml_node_t *node,
                              size_t *target)
{
  const char *name = scalar(node);
  if (!name || !*name)
    return og__conf_fail(p, node, "expected a %s name", f->ref_what);
  if (og_grow((void **)&p->refs, &p->cap_refs, p->n_refs + 1, sizeof *p->refs, 32))
    return og_error_set(p->err, OG_ENOMEM, "out of memory");
  struct og_pending_ref *r = &p->refs[p->n_refs++];
  r->type = f->ref;
  r->name = name;
  r->target = target;
  r->node = node;
  snprintf(r->path, sizeof r->path, "%s", p->path);
  return OG_OK;
}

static enum og_status walk_pair(struct og_parse *p, const struct og_field *f, yaml_node_t *node,
                                char *base)
{
  if (node->type != YAML_SEQUENCE_NODE ||
      node->data.sequence.items.top - node->data.sequence.items.start != 2)
    return og__conf_fail(p, node, "expected a list of two %s names, like [us-east, eu-west]",
                         f->ref_what);
  yaml_node_t *a = yaml_document_get_node(&p->doc, node->data.sequence.items.start[0]);
  yaml_node_t *b = yaml_document_get_node(&p->doc, node->data.sequence.items.start[1]);
  enum og_status st = add_ref(p, f, a, (size_t *)(base + f->off));
  return st ? st : add_ref(p, f, b, (size_t *)(base + f->off2));
}

static enum og_status walk_list(struct og_parse *p, const struct og_field *f, yaml_node_t *node,
                                char *base)
{
  if (node->type != YAML_SEQUENCE_NODE)
    return og__conf_fail(p, node, "expected a list");
  size_t n = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
  if (n == 0)
    return og__conf_fail(p, node, "must not be empty");
  char *items = calloc(n, f->sub->size);
  if (!items)
    return og_error_set(p->err, OG_ENOMEM, "out of memory");
  *(void **)(base + f->off) = items;
  *(size_t *)(base + f->off2) = n;
  size_t len = strlen(p->path);
  for (size_t i = 0; i < n; i++) {
    snprintf(p->path + len, sizeof p->path - len, "[%zu]", i);
    yaml_node_t *item = yaml_document_get_node(&p->doc, node->data.sequence.items.start[i]);
    og__conf_defaults(f->sub, items + i * f->sub->size);
    enum og_status st = og__conf_walk(p, item, f->sub, items + i * f->sub->size);
    if (st != OG_OK)
      return st;
  }
  p->path[len] = 0;
  return OG_OK;
}

static enum og_status walk_sizes(struct og_parse *p, const struct og_field *f, yaml_node_t *node,
                                 char *base)
{
  if (node->type != YAML_SEQUENCE_NODE)
    return og__conf_fail(p, node, "expected a list of integers");
  size_t n = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
  if (n < 2 || n > (size_t)f->hi)
    return og__conf_fail(p, node, "expected 2 to %.0f integers, got %zu", f->hi, n);
  for (size_t i = 0; i < n; i++) {
    yaml_node_t *it = yaml_document_get_node(&p->doc, node->data.sequence.items.start[i]);
    unsigned long long u;
    if (!scalar(it) || parse_uint(scalar(it), &u) != 0 || u == 0)
      return og__conf_fail(p, it, "expected a positive integer, got '%s'",
                           scalar(it) ? scalar(it) : "a list or mapping");
    ((size_t *)(base + f->off))[i] = (size_t)u;
  }
  *(size_t *)(base + f->off2) = n;
  return OG_OK;
}

static enum og_status walk_field(struct og_parse *p, const struct og_field *f, yaml_node_t *node,
                                 char *base)
{
  switch (f->type) {
  case OG_F_SIZES:
    return walk_sizes(p, f, node, base);
  case OG_F_LIST:
    return walk_list(p, f, node, base);
  case OG_F_MAP:
    return og__conf_walk(p, node, f->sub, base + f->off);
  case OG_F_PAIR:
    return walk_pair(p, f, node, base);
  case OG_F_REF:
    return add_ref(p, f, node, (size_t *)(base + f->off));
  case OG_F_RAW:
    return OG_OK;
  case OG_F_COUNT_MAP:
  case OG_F_NUM_MAP:
    if (node->type == YAML_MAPPING_NODE)
      return og__conf_walk(p, node, f->sub, base + f->off2);
    /* a plain count or number */
    /* fall through */
  default:
    if (!scalar(node))
      return og__conf_fail(p, node, "expected a single value, not a %s",
                           node->type == YAML_SEQUENCE_NODE ? "list" : "mapping");
    return set_scalar(p, f, scalar(node), node, base);
  }
}

void og__conf_defaults(const struct og_schema *s, void *vbase)
{
  char *base = vbase;
  for (size_t i = 0; i < s->n_fields; i++) {
    const struct og_field *f = &s->fields[i];
    if (f->type == OG_F_NUM || f->type == OG_F_NUM_MAP)
      *(double *)(base + f->off) = NAN; /* "not given", until a default applies */
    if (f->type == OG_F_REF)
      *(size_t *)(base + f->off) = SIZE_MAX;
    if (f->type == OG_F_MAP)
      og__conf_defaults(f->sub, base + f->off);
    if (f->type == OG_F_COUNT_MAP || f->type == OG_F_NUM_MAP)
      og__conf_defaults(f->sub, base + f->off2);
    if (f->def) {
      struct og_parse quiet = {0};
      enum og_status st = set_scalar(&quiet, f, f->def, NULL, base);
      assert(st == OG_OK); /* every default in the schema tables parses */
      (void)st;
    }
  }
}

static const char *key_list(const struct og_schema *s, char *buf, size_t len)
{
  buf[0] = 0;
  for (size_t i = 0; i < s->n_fields; i++)
    snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? ", " : "", s->fields[i].key);
  return buf;
}

static enum og_status missing(struct og_parse *p, yaml_node_t *node, const struct og_schema *s,
                              const unsigned char *seen)
{
  for (size_t i = 0; i < s->n_fields; i++)
    if (s->fields[i].required && !seen[i])
      return og__conf_fail(p, node, "missing required key '%s'", s->fields[i].key);
  return OG_OK;
}

static const struct og_field *find(const struct og_schema *s, const char *key, size_t *i)
{
  for (*i = 0; s && key && *i < s->n_fields; ++*i)
    if (!strcmp(key, s->fields[*i].key))
      return &s->fields[*i];
  return NULL;
}

/* A key the mapping's own schema lacks: one of its variant's, or unknown. */
static enum og_status variant_key(struct og_parse *p, yaml_node_t *k, const struct og_schema *s,
                                  const struct og_schema *vs, void *base)
{
  char buf[512], more[512];
  const char *key = scalar(k);
  if (key && s->variant_owner && s->variant_owner(base, key, buf, sizeof buf))
    return og__conf_fail(p, k, "key '%s' belongs to %s", key, buf);
  return og__conf_fail(p, k, "unknown key '%s' (expected one of: %s%s%s)", key ? key : "?",
                       key_list(s, buf, sizeof buf), vs ? ", " : "",
                       vs ? key_list(vs, more, sizeof more) : "");
}

/* Walk one pair of a mapping against schema s (its field i), once. */
static enum og_status walk_pair_of(struct og_parse *p, yaml_node_t *k, yaml_node_t *v,
                                   const struct og_field *f, unsigned char *seen, void *base)
{
  if (*seen)
    return og__conf_fail(p, k, "duplicate key '%s'", f->key);
  *seen = 1;
  size_t len = path_push(p, "%s", f->key, 0);
  enum og_status st = walk_field(p, f, v, base);
  if (st == OG_OK)
    p->path[len] = 0;
  return st;
}

/* Pass 0 walks the mapping's own keys; pass 1 (when the schema has a
 * variant: once pass 0 has read what chooses it) the variant's keys, vs. */
static enum og_status walk_pass(struct og_parse *p, yaml_node_t *node, const struct og_schema *s,
                                const struct og_schema *vs, int pass, void *base)
{
  unsigned char seen[32] = {0};
  const struct og_schema *w = pass ? vs : s;
  assert(!w || w->n_fields <= sizeof seen);
  for (yaml_node_pair_t *pr = node->data.mapping.pairs.start; pr < node->data.mapping.pairs.top;
       pr++) {
    yaml_node_t *k = yaml_document_get_node(&p->doc, pr->key);
    size_t i;
    const struct og_field *f = find(w, scalar(k), &i);
    enum og_status st = OG_OK;
    if (f)
      st = walk_pair_of(p, k, yaml_document_get_node(&p->doc, pr->value), f, &seen[i], base);
    else if (pass ? !find(s, scalar(k), &i) : !s->variant)
      st = variant_key(p, k, s, vs, base);
    if (st != OG_OK)
      return st;
  }
  return w ? missing(p, node, w, seen) : OG_OK;
}

enum og_status og__conf_walk(struct og_parse *p, yaml_node_t *node, const struct og_schema *s,
                             void *base)
{
  if (node->type != YAML_MAPPING_NODE)
    return og__conf_fail(p, node, "expected a mapping of keys (a %s)", s->what);
  enum og_status st = walk_pass(p, node, s, NULL, 0, base);
  if (st != OG_OK || !s->variant)
    return st;
  const struct og_schema *vs = s->variant(base);
  if (vs)
    og__conf_defaults(vs, base);
  return walk_pass(p, node, s, vs, 1, base);
}
