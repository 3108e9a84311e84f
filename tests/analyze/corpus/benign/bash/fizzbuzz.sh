#!/bin/bash
# FizzBuzz plus a couple of arithmetic helpers.

fizzbuzz() {
    local i
    for ((i = 1; i <= $1; i++)); do
        if (( i % 15 == 0 )); then echo "FizzBuzz"
        elif (( i % 3 == 0 )); then echo "Fizz"
        elif (( i % 5 == 0 )); then echo "Buzz"
        else echo "$i"
        fi
    done
}

gcd() {
    local a=$1 b=$2 t
    while (( b != 0 )); do
        t=$b
        b=$((a % b))
        a=$t
    done
    echo "$a"
}

factorial() {
    local n=$1
    (( n <= 1 )) && { echo 1; return; }
    echo $(( n * $(factorial $((n - 1))) ))
}

fizzbuzz "${1:-15}" | paste -sd' '
echo "gcd(84, 36) = $(gcd 84 36)"
echo "10! = $(factorial 10)"
