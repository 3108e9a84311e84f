package main

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Eval evaluates an arithmetic expression using a shunting-yard parser.
// No code is generated or executed; this is plain arithmetic.
func Eval(expr string) (float64, error) {
	prec := map[rune]int{'+': 1, '-': 1, '*': 2, '/': 2}
	var nums []float64
	var ops []rune
	apply := func() error {
		if len(nums) < 2 || len(ops) == 0 {
			return fmt.Errorf("malformed expression")
		}
		b, a := nums[len(nums)-1], nums[len(nums)-2]
		nums = nums[:len(nums)-2]
		op := ops[len(ops)-1]
		ops = ops[:len(ops)-1]
		switch op {
		case '+':
			nums = append(nums, a+b)
		case '-':
			nums = append(nums, a-b)
		case '*':
			nums = append(nums, a*b)
		case '/':
			nums = append(nums, a/b)
		}
		return nil
	}
	rs := []rune(strings.ReplaceAll(expr, " ", ""))
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch {
		case unicode.IsDigit(c) || c == '.':
			j := i
			for j < len(rs) && (unicode.IsDigit(rs[j]) || rs[j] == '.') {
				j++
			}
			v, err := strconv.ParseFloat(string(rs[i:j]), 64)
			if err != nil {
				return 0, err
			}
			nums = append(nums, v)
			i = j - 1
		case c == '(':
			ops = append(ops, c)
		case c == ')':
			for len(ops) > 0 && ops[len(ops)-1] != '(' {
				if err := apply(); err != nil {
					return 0, err
				}
			}
			if len(ops) == 0 {
				return 0, fmt.Errorf("unbalanced )")
			}
			ops = ops[:len(ops)-1]
		default:
			if _, ok := prec[c]; !ok {
				return 0, fmt.Errorf("unexpected %q", c)
			}
			for len(ops) > 0 && ops[len(ops)-1] != '(' && prec[ops[len(ops)-1]] >= prec[c] {
				if err := apply(); err != nil {
					return 0, err
				}
			}
			ops = append(ops, c)
		}
	}
	for len(ops) > 0 {
		if err := apply(); err != nil {
			return 0, err
		}
	}
	if len(nums) != 1 {
		return 0, fmt.Errorf("malformed expression")
	}
	return nums[0], nil
}

func main() {
	for _, e := range []string{"1 + 2 * 3", "(1 + 2) * 3", "10 / 4 - 1", "2 * (3 + 4) * 5", "1 +"} {
		v, err := Eval(e)
		if err != nil {
			fmt.Printf("%-16s error: %v\n", e, err)
			continue
		}
		fmt.Printf("%-16s = %g\n", e, v)
	}
}
