/* The files to remove on a signal: a few lock-free slots that a signal
 * handler can read at any moment. */
#include "tmpfiles.h"

#include <stdatomic.h>
#include <stddef.h>
#include <unistd.h>

/* Files written at once by one process (a results file, a platform file). */
enum { N_SLOTS = 16 };

_Static_assert(ATOMIC_POINTER_LOCK_FREE == 2, "signal handlers need lock-free pointers");

static _Atomic(const char *) slots[N_SLOTS];

int og_tmpfiles_add(const char *path)
{
  for (int i = 0; i < N_SLOTS; i++) {
    const char *none = NULL;
    if (atomic_compare_exchange_strong(&slots[i], &none, path))
      return i;
  }
  return -1;
}

void og_tmpfiles_remove(int slot)
{
  if (slot >= 0 && slot < N_SLOTS)
    atomic_store(&slots[slot], NULL);
}

void og_tmpfiles_unlink_all(void)
{
  for (int i = 0; i < N_SLOTS; i++) {
    const char *p = atomic_load(&slots[i]);
    if (p)
      unlink(p);
  }
}
