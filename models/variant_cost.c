/* Per-request cost of each execution variant (what cheating saves). */
#include "net.h"

struct og_arch og_variant_half_width(const struct og_arch *src)
{
  struct og_arch a = *src;
  if (a.kind == OG_ARCH_MLP) {
    for (size_t i = 1; i + 1 < a.n_widths; i++)
      a.widths[i] = a.widths[i] > 1 ? a.widths[i] / 2 : 1;
    return a;
  }
  a.hidden /= 2, a.ffn /= 2;
  a.heads = a.heads > 1 ? a.heads / 2 : 1;
  a.kv_heads = a.kv_heads > a.heads ? a.heads : a.kv_heads;
  while (a.heads % a.kv_heads)
    a.kv_heads--;
  return a;
}

enum og_status og_variant_cost(const struct og_arch *src, enum og_exec_variant v, size_t prompt,
                               size_t output, struct og_request_cost *c)
{
  struct og_arch a = *src;
  switch (v) {
  case OG_EXEC_LAZY:
    *c = (struct og_request_cost){.steps = 1};
    return OG_OK;
  case OG_EXEC_FP16:
    a.dtype_bytes = 2;
    break;
  case OG_EXEC_INT8:
    a.dtype_bytes = 1;
    break;
  case OG_EXEC_SKIP:
    if (a.kind != OG_ARCH_MLP)
      a.layers = (a.layers + 1) / 2;
    break;
  case OG_EXEC_SUBSTITUTE:
    a = og_variant_half_width(src);
    break;
  default:
    break;
  }
  return og_arch_request_cost(&a, prompt, output, c);
}
