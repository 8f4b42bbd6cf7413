/* log.h - one tagged line per message on stderr ("content: ...", "db: ...").
 * The level decides whether a line is printed; tests set LOG_QUIET. */
#ifndef AGM_LOG_H
#define AGM_LOG_H

typedef enum { LOG_DEBUG = 0, LOG_INFO = 1, LOG_WARN = 2, LOG_ERROR = 3, LOG_QUIET = 4 } log_level_t;

void log_set_level(log_level_t level);
log_level_t log_get_level(void);
void log_msg(log_level_t level, const char *tag, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#define log_info(tag, ...) log_msg(LOG_INFO, tag, __VA_ARGS__)
#define log_warn(tag, ...) log_msg(LOG_WARN, tag, __VA_ARGS__)
#define log_error(tag, ...) log_msg(LOG_ERROR, tag, __VA_ARGS__)
#define log_debug(tag, ...) log_msg(LOG_DEBUG, tag, __VA_ARGS__)

#endif
