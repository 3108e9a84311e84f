package main

import (
	"fmt"
	"math/rand"
	"sort"
)

func insertionSort(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

func quickSort(a []int) {
	if len(a) < 2 {
		return
	}
	p := a[len(a)/2]
	i, j := 0, len(a)-1
	for i <= j {
		for a[i] < p {
			i++
		}
		for a[j] > p {
			j--
		}
		if i <= j {
			a[i], a[j] = a[j], a[i]
			i++
			j--
		}
	}
	quickSort(a[:j+1])
	quickSort(a[i:])
}

type person struct {
	Name string
	Age  int
}

func main() {
	rng := rand.New(rand.NewSource(7))
	for _, n := range []int{0, 1, 5, 100, 1000} {
		data := make([]int, n)
		for i := range data {
			data[i] = rng.Intn(500)
		}
		a := append([]int(nil), data...)
		b := append([]int(nil), data...)
		insertionSort(a)
		quickSort(b)
		if !sort.IntsAreSorted(a) || !sort.IntsAreSorted(b) {
			panic(fmt.Sprintf("sort failed for n=%d", n))
		}
	}
	people := []person{{"Ada", 36}, {"Linus", 28}, {"Grace", 85}, {"Ken", 28}}
	sort.SliceStable(people, func(i, j int) bool { return people[i].Age < people[j].Age })
	fmt.Println(people)
	fmt.Println("all sorts ok")
}
