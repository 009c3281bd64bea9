// Pseudo-random (Gold) sequence generator of 3GPP TS 36.211 §7.2, one bit
// per clock (synthesizable).
//   x1(n+31) = x1(n+3) + x1(n)                    x1(0) = 1, x1(1..30) = 0
//   x2(n+31) = x2(n+3) + x2(n+2) + x2(n+1) + x2(n)  x2(i) = bit i of c_init
//   c(n)     = x1(n+Nc) + x2(n+Nc) (mod 2), Nc = 1600
// Register bit i holds x(n+i), so bit 0 is the oldest. After `start` the
// block runs the Nc = 1600 warm-up steps by itself (busy, `valid` low); then
// `c` is c(n) and every clock with `next` high moves on to c(n+1).
// SPDX-License-Identifier: BSD-3-Clause
`timescale 1ns / 1ps
module gold_seq (
    input  wire        clk,
    input  wire        rst,    // synchronous, active high
    input  wire        start,  // load c_init (takes priority over next)
    input  wire [30:0] c_init,
    input  wire        next,   // advance to the next output bit
    output wire        c,      // c(n)
    output wire        valid   // c is meaningful (warm-up done)
);
    localparam [10:0] NC = 11'd1600;
    reg [30:0] x1, x2;
    reg [10:0] warm;   // warm-up steps left
    reg        loaded;
    wire step = warm != 11'd0 || next;
    always @(posedge clk) begin
        if (rst) begin
            x1 <= 31'd0;
            x2 <= 31'd0;
            warm <= 11'd0;
            loaded <= 1'b0;
        end else if (start) begin
            x1 <= 31'd1;
            x2 <= c_init;
            warm <= NC;
            loaded <= 1'b1;
        end else if (step) begin
            x1 <= {x1[3] ^ x1[0], x1[30:1]};
            x2 <= {x2[3] ^ x2[2] ^ x2[1] ^ x2[0], x2[30:1]};
            if (warm != 11'd0)
                warm <= warm - 11'd1;
        end
    end
    assign c = x1[0] ^ x2[0];
    assign valid = loaded && warm == 11'd0;
endmodule
