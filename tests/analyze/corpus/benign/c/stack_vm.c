/*
 * A toy stack machine. execute() interprets a fixed, hard-coded bytecode
 * program that computes factorials; it cannot run anything else.
 */
#include <stdio.h>

enum op { PUSH, LOAD, STORE, MUL, SUB, JZ, JMP, PRINT, HALT };

struct vm {
    long stack[32];
    int sp;
    long vars[4];
};

static int execute(struct vm *m, const long *code, int max_steps)
{
    int pc = 0;
    for (int steps = 0; steps < max_steps; steps++) {
        switch (code[pc]) {
        case PUSH:  m->stack[m->sp++] = code[pc + 1]; pc += 2; break;
        case LOAD:  m->stack[m->sp++] = m->vars[code[pc + 1]]; pc += 2; break;
        case STORE: m->vars[code[pc + 1]] = m->stack[--m->sp]; pc += 2; break;
        case MUL:   m->sp--; m->stack[m->sp - 1] *= m->stack[m->sp]; pc++; break;
        case SUB:   m->sp--; m->stack[m->sp - 1] -= m->stack[m->sp]; pc++; break;
        case JZ:    pc = m->stack[--m->sp] == 0 ? (int)code[pc + 1] : pc + 2; break;
        case JMP:   pc = (int)code[pc + 1]; break;
        case PRINT: printf("%ld\n", m->stack[--m->sp]); pc++; break;
        case HALT:  return 0;
        default:    return -1;
        }
    }
    return -2; /* step budget exhausted */
}

int main(void)
{
    /* vars[0] = n, vars[1] = acc; while (n) { acc *= n; n -= 1 } print acc */
    const long code[] = {
        PUSH, 10, STORE, 0,              /*  0 */
        PUSH, 1, STORE, 1,               /*  4 */
        LOAD, 0, JZ, 28,                 /*  8 loop: */
        LOAD, 1, LOAD, 0, MUL, STORE, 1, /* 12 */
        LOAD, 0, PUSH, 1, SUB, STORE, 0, /* 19 */
        JMP, 8,                          /* 26 */
        LOAD, 1, PRINT, HALT,            /* 28 done: */
    };
    struct vm m = { .sp = 0 };
    int rc = execute(&m, code, 1000);
    printf("vm exit code %d\n", rc);
    return rc == 0 ? 0 : 1;
}
