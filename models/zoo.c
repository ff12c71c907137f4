/* Loading zoo files: the same YAML machinery and error format as scenarios,
 * with a schema of architecture keys. */
#include <stddef.h>
#include <stdlib.h>

#include "arch.h"
#include "conf.h"

typedef struct og_arch A;

static const char *const kinds[] = {"mlp", "encoder", "decoder", NULL};

#define SIZE(k, m, lo_, hi_, d) \
  {.key = k, .type = OG_F_COUNT, .off = offsetof(A, m), .range = OG_R_GE_LE, .lo = lo_, \
   .hi = hi_, .def = d}

static const struct og_field arch_f[] = {
  {.key = "name", .type = OG_F_STR, .off = offsetof(A, name), .required = 1},
  {.key = "kind", .type = OG_F_ENUM, .off = offsetof(A, kind), .names = kinds, .required = 1},
  SIZE("dtype_bytes", dtype_bytes, 1, 8, "2"),
  {.key = "widths", .type = OG_F_SIZES, .off = offsetof(A, widths), .off2 = offsetof(A, n_widths),
   .hi = OG_ARCH_MAX_LAYERS + 1},
  SIZE("layers", layers, 1, 1000, "1"),
  SIZE("hidden", hidden, 1, 1 << 20, "1"),
  SIZE("heads", heads, 1, 4096, "1"),
  SIZE("kv_heads", kv_heads, 1, 4096, "1"),
  SIZE("ffn", ffn, 1, 1 << 22, "1"),
  SIZE("vocab", vocab, 1, 1 << 24, "1"),
  SIZE("seq", seq, 1, 1 << 20, "128"),
  {.key = "tied_embeddings", .type = OG_F_BOOL, .off = offsetof(A, tied_embeddings),
   .def = "false"},
  SIZE("prompt_tokens", prompt_tokens, 1, 1 << 20, "512"),
  SIZE("output_tokens", output_tokens, 1, 1 << 20, "256"),
};

static const struct og_schema arch_s = OG_SCHEMA("model", arch_f, A);

/* Shapes that do not add up are named here, at the top of the file. */
static enum og_status check(struct og_parse *p, void *base)
{
  const struct og_arch *a = base;
  struct og_request_cost c;
  yaml_node_t *root = yaml_document_get_root_node(&p->doc);
  p->path[0] = 0;
  if (a->kind == OG_ARCH_MLP && a->n_widths < 2)
    return og__conf_fail(p, root, "an mlp needs 'widths' (inputs, ..., outputs)");
  if (a->kind != OG_ARCH_MLP && (a->hidden % a->heads || a->heads % a->kv_heads))
    return og__conf_fail(p, root, "hidden must divide into heads, and heads into kv_heads");
  if (og_arch_request_cost(a, a->prompt_tokens, a->output_tokens, &c) != OG_OK)
    return og__conf_fail(p, root, "these shapes do not make a %s", kinds[a->kind]);
  return OG_OK;
}

enum og_status og_arch_load(const char *path, struct og_arch **out, struct og_error *err)
{
  struct og_arch *a = calloc(1, sizeof *a);
  *out = NULL;
  if (!a)
    return og_error_set(err, OG_ENOMEM, "out of memory");
  enum og_status st = og__yaml_load_struct(path, "model", &arch_s, a, check, err);
  if (st != OG_OK) {
    og_arch_free(a);
    return st;
  }
  *out = a;
  return OG_OK;
}

void og_arch_free(struct og_arch *a)
{
  if (!a)
    return;
  free(a->name);
  free(a);
}
