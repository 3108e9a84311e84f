package main

import (
	"container/list"
	"fmt"
)

type entry struct {
	key   string
	value int
}

// LRU is a fixed-capacity least-recently-used cache.
type LRU struct {
	cap   int
	ll    *list.List
	items map[string]*list.Element
}

func NewLRU(capacity int) *LRU {
	return &LRU{cap: capacity, ll: list.New(), items: map[string]*list.Element{}}
}

func (c *LRU) Get(k string) (int, bool) {
	if el, ok := c.items[k]; ok {
		c.ll.MoveToFront(el)
		return el.Value.(*entry).value, true
	}
	return 0, false
}

func (c *LRU) Put(k string, v int) {
	if el, ok := c.items[k]; ok {
		el.Value.(*entry).value = v
		c.ll.MoveToFront(el)
		return
	}
	c.items[k] = c.ll.PushFront(&entry{k, v})
	if c.ll.Len() > c.cap {
		c.evict()
	}
}

// Delete removes a key from the cache; it does not touch any files.
func (c *LRU) Delete(k string) {
	if el, ok := c.items[k]; ok {
		c.ll.Remove(el)
		delete(c.items, k)
	}
}

func (c *LRU) evict() {
	el := c.ll.Back()
	c.ll.Remove(el)
	delete(c.items, el.Value.(*entry).key)
}

func (c *LRU) Keys() []string {
	var ks []string
	for el := c.ll.Front(); el != nil; el = el.Next() {
		ks = append(ks, el.Value.(*entry).key)
	}
	return ks
}

func main() {
	c := NewLRU(3)
	for i, k := range []string{"a", "b", "c", "d"} {
		c.Put(k, i)
	}
	c.Get("b")
	c.Delete("c")
	c.Put("e", 9)
	fmt.Println(c.Keys())
	if _, ok := c.Get("a"); !ok {
		fmt.Println("a was evicted")
	}
}
