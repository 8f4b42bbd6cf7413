/* testcontent.h - the repository's own folders in tests: the bundled
 * content and fonts, found through $AGM_ROOT (tests/run.sh sets it; "."
 * otherwise). */
#ifndef AGM_TESTCONTENT_H
#define AGM_TESTCONTENT_H

#include <stdbool.h>

#include "content/content.h"

/* $AGM_ROOT, or "." when it is unset or empty. */
const char *test_root(void);
/* $AGM_ROOT/name (e.g. "content", "fonts"). Caller frees. */
char *test_repo_path(const char *name);
/* Load the bundled content into c (content_free it as usual). Prints the
 * folder and its problems to stderr when it does not load. */
bool test_load_bundled(content_t *c);

#endif
