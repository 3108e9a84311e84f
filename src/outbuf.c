/* outbuf.c - a bounded capture of a stream that keeps its head and tail */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "kiln.h"

/* Keeps at most head_cap + tail_cap bytes of everything added. */
void
outbuf_init(struct outbuf *o, size_t head_cap, size_t tail_cap)
{
	memset(o, 0, sizeof *o);
	o->head_cap = head_cap;
	o->tail_cap = tail_cap;
	o->tail = tail_cap > 0 ? xmalloc(tail_cap) : NULL;
}

/* Adds bytes: first to the head, then round the tail ring. */
void
outbuf_add(struct outbuf *o, const char *p, size_t n)
{
	size_t	take, pos, first;

	o->total += n;
	if (o->head.len < o->head_cap) {
		take = o->head_cap - o->head.len;
		if (take > n)
			take = n;
		buf_append(&o->head, p, take);
		p += take;
		n -= take;
	}
	if (n == 0 || o->tail_cap == 0)
		return;
	if (n >= o->tail_cap) {
		memcpy(o->tail, p + n - o->tail_cap, o->tail_cap);
		o->tail_start = 0;
		o->tail_len = o->tail_cap;
		return;
	}
	pos = (o->tail_start + o->tail_len) % o->tail_cap;
	first = o->tail_cap - pos < n ? o->tail_cap - pos : n;
	memcpy(o->tail + pos, p, first);
	memcpy(o->tail, p + first, n - first);
	if (o->tail_len + n <= o->tail_cap)
		o->tail_len += n;
	else {
		o->tail_start = (o->tail_start + o->tail_len + n) % o->tail_cap;
		o->tail_len = o->tail_cap;
	}
}

/* How many bytes fell between the head and the tail. */
uint64_t
outbuf_dropped(const struct outbuf *o)
{
	return o->total - o->head.len - o->tail_len;
}

/* Head, a marker saying how much was dropped (if any), and tail. */
char *
outbuf_join(const struct outbuf *o, size_t *len)
{
	struct buf	b = { 0 };
	size_t		first;
	uint64_t	dropped = outbuf_dropped(o);

	buf_append(&b, o->head.data != NULL ? o->head.data : "", o->head.len);
	if (dropped > 0)
		buf_printf(&b, "\n[kiln: %llu bytes dropped here]\n",
		    (unsigned long long)dropped);
	first = o->tail_cap - o->tail_start;
	if (first > o->tail_len)
		first = o->tail_len;
	if (o->tail_len > 0) {
		buf_append(&b, o->tail + o->tail_start, first);
		buf_append(&b, o->tail, o->tail_len - first);
	}
	*len = b.len;
	return buf_steal(&b);
}

/* Frees what the capture holds. */
void
outbuf_free(struct outbuf *o)
{
	buf_free(&o->head);
	free(o->tail);
	o->tail = NULL;
}
