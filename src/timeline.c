/* timeline.c - a run's CPU and memory over time, bounded in size */
#include <string.h>

#include "kiln.h"

/* An empty timeline, a point every TIMELINE_INTERVAL_MS to begin with. */
void
timeline_init(struct timeline *t)
{
	memset(t, 0, sizeof *t);
	t->interval_ms = TIMELINE_INTERVAL_MS;
}

/* Stores one little-endian word. */
static void
put32(unsigned char *p, uint64_t v)
{
	uint32_t	w = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;

	p[0] = (unsigned char)w;
	p[1] = (unsigned char)(w >> 8);
	p[2] = (unsigned char)(w >> 16);
	p[3] = (unsigned char)(w >> 24);
}

/* Reads one little-endian word. */
static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/*
 * Adds a sample. The last point stays open for an interval: each sample
 * within it moves its time and CPU forward and raises its memory to the
 * highest seen, so the end of the run and any spike are always kept. When
 * the timeline is full, neighbours merge (the later time and CPU, the
 * higher memory) and the interval doubles.
 */
void
timeline_add(struct timeline *t, uint64_t ms, uint64_t cpu_ms, uint64_t kb)
{
	unsigned char	*a, *b;
	size_t		 i;

	if (t->npoints > 0 && ms < t->open_ms + t->interval_ms) {
		a = t->data + (t->npoints - 1) * TIMELINE_POINT;
		put32(a, ms);
		put32(a + 4, cpu_ms);
		if (kb > get32(a + 8))
			put32(a + 8, kb);
		return;
	}
	if (t->npoints == TIMELINE_MAX) {
		for (i = 0; i < TIMELINE_MAX / 2; i++) {
			a = t->data + 2 * i * TIMELINE_POINT;
			b = a + TIMELINE_POINT;
			put32(t->data + i * TIMELINE_POINT, get32(b));
			put32(t->data + i * TIMELINE_POINT + 4, get32(b + 4));
			put32(t->data + i * TIMELINE_POINT + 8,
			    get32(a + 8) > get32(b + 8) ? get32(a + 8) :
			    get32(b + 8));
		}
		t->npoints = TIMELINE_MAX / 2;
		t->interval_ms *= 2;
	}
	a = t->data + t->npoints * TIMELINE_POINT;
	put32(a, ms);
	put32(a + 4, cpu_ms);
	put32(a + 8, kb);
	t->npoints++;
	t->open_ms = ms;
}

/* Point i of a stored timeline of len bytes: 0, or -1 past its end. */
int
timeline_point(const unsigned char *data, size_t len, size_t i, uint32_t v[3])
{
	if (data == NULL || (i + 1) * TIMELINE_POINT > len)
		return -1;
	v[0] = get32(data + i * TIMELINE_POINT);
	v[1] = get32(data + i * TIMELINE_POINT + 4);
	v[2] = get32(data + i * TIMELINE_POINT + 8);
	return 0;
}
