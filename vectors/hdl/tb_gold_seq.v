// Testbench: runs gold_seq from a case's c_init and checks c(0..N-1)
// against the golden scrambling sequence (stage `scr_seq`, hexbits32 format
// of vectors/FORMAT.md: 32 bits per line, first bit in the MSB).
// Usage: vvp tb_gold_seq +SEQ=05_scr_seq.hex +NBITS=<count> +CINIT=<c_init>
// SPDX-License-Identifier: BSD-3-Clause
`timescale 1ns / 1ps
module tb_gold_seq;
    reg clk = 0, rst = 1, start = 0, next = 0;
    reg [30:0] c_init = 31'd0;
    wire c, valid;
    gold_seq dut (.clk(clk), .rst(rst), .start(start), .c_init(c_init), .next(next),
                  .c(c), .valid(valid));
    always #5 clk = ~clk;

    reg [31:0] seqw [0:1023];
    reg [8*512-1:0] seqfile;
    integer nbits, cinit, i, errors, cycles;
    reg want;

    initial begin
        if (!$value$plusargs("SEQ=%s", seqfile) || !$value$plusargs("NBITS=%d", nbits) ||
            !$value$plusargs("CINIT=%d", cinit)) begin
            $display("FAIL usage: +SEQ=file +NBITS=n +CINIT=c_init");
            $fatal(1);
        end
        if (nbits < 1 || nbits > 32 * 1024) begin
            $display("FAIL NBITS=%0d exceeds the testbench memory", nbits);
            $fatal(1);
        end
        for (i = 0; i < 1024; i = i + 1) seqw[i] = 32'hx;
        $readmemh(seqfile, seqw, 0, (nbits + 31) / 32 - 1);
        errors = 0;
        @(posedge clk); #1 rst = 0;
        c_init = cinit[30:0]; start = 1;
        @(posedge clk); #1 start = 0;
        cycles = 0;
        while (!valid && cycles < 2000) begin
            @(posedge clk); #1 cycles = cycles + 1;
        end
        if (!valid) begin
            $display("FAIL gold_seq never became valid");
            $fatal(1);
        end
        for (i = 0; i < nbits; i = i + 1) begin
            want = seqw[i / 32][31 - (i % 32)];
            if (c !== want) begin
                if (errors == 0)
                    $display("FAIL gold_seq c_init %0d: first mismatch at bit %0d: rtl %b, golden %b",
                             cinit, i, c, want);
                errors = errors + 1;
            end
            next = 1;
            @(posedge clk); #1 next = 0;
        end
        if (errors != 0) begin
            $display("FAIL gold_seq c_init %0d: %0d of %0d bits differ", cinit, errors, nbits);
            $fatal(1);
        end
        $display("PASS gold_seq c_init %0d, %0d bits (warm-up %0d clocks)", cinit, nbits, cycles);
        $finish;
    end
endmodule
