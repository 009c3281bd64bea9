// Testbench: feeds a golden transport block (stage `tb`, hexbits32 format of
// vectors/FORMAT.md) through crc24a bit by bit and checks the result against
// the golden `tb_crc` stage (the same bits followed by the 24 parity bits).
// Usage: vvp tb_crc24a +TB=01_tb.hex +TBCRC=02_tb_crc.hex +NBITS=<tb count>
// SPDX-License-Identifier: BSD-3-Clause
`timescale 1ns / 1ps
module tb_crc24a;
    reg clk = 0, rst = 1, en = 0, din = 0;
    wire [23:0] crc;
    crc24a dut (.clk(clk), .rst(rst), .en(en), .din(din), .crc(crc));
    always #5 clk = ~clk;

    reg [31:0] tbw   [0:16383];
    reg [31:0] crcw  [0:16383];
    reg [8*512-1:0] tbfile, crcfile;
    integer nbits, i, k, errors;
    reg [23:0] expect;
    reg b;

    function bitof;
        input integer idx;
        input integer which; // 0: tb stream, 1: tb_crc stream
        begin
            if (which == 0) bitof = tbw[idx / 32][31 - (idx % 32)];
            else            bitof = crcw[idx / 32][31 - (idx % 32)];
        end
    endfunction

    initial begin
        if (!$value$plusargs("TB=%s", tbfile) || !$value$plusargs("TBCRC=%s", crcfile) ||
            !$value$plusargs("NBITS=%d", nbits)) begin
            $display("FAIL usage: +TB=file +TBCRC=file +NBITS=n");
            $fatal(1);
        end
        for (i = 0; i < 16384; i = i + 1) begin tbw[i] = 32'hx; crcw[i] = 32'hx; end
        $readmemh(tbfile, tbw);
        $readmemh(crcfile, crcw);
        errors = 0;
        // the golden tb_crc stream must start with the tb bits themselves
        for (i = 0; i < nbits; i = i + 1)
            if (bitof(i, 0) !== bitof(i, 1)) begin
                if (errors == 0) $display("FAIL golden files disagree at bit %0d", i);
                errors = errors + 1;
            end
        @(posedge clk); #1 rst = 0;
        for (i = 0; i < nbits; i = i + 1) begin
            din = bitof(i, 0); en = 1;
            @(posedge clk); #1;
        end
        en = 0;
        for (k = 0; k < 24; k = k + 1)
            expect[23 - k] = bitof(nbits + k, 1);
        if (crc !== expect) begin
            $display("FAIL crc24a over %0d bits: rtl %h, golden %h", nbits, crc, expect);
            errors = errors + 1;
        end
        if (errors != 0) $fatal(1);
        $display("PASS crc24a over %0d bits = %h", nbits, crc);
        $finish;
    end
endmodule
