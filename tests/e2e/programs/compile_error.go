package main

func main() {
	undefinedThingXyz()
}
