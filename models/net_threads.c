/* The threads OpenBLAS runs the models' products on, set after it was
 * loaded (a sweep task forked from a process that loaded it). */
#include <cblas.h>

#include "net.h"

void og_net_blas_threads(int n)
{
  if (openblas_get_num_threads() != n)
    openblas_set_num_threads(n);
}
