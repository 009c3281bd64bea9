// CRC24A of 3GPP TS 36.212 §5.1.1, one bit per clock (synthesizable).
// g(D) = D^24+D^23+D^18+D^17+D^14+D^11+D^10+D^7+D^6+D^5+D^4+D^3+D+1
// Register starts at zero; after the last message bit `crc` holds the parity
// bits p0..p23 with p0 in crc[23] (the first parity bit transmitted).
// SPDX-License-Identifier: BSD-3-Clause
module crc24a (
    input  wire        clk,
    input  wire        rst,   // synchronous, active high: clears the register
    input  wire        en,    // shift one message bit in
    input  wire        din,
    output reg  [23:0] crc
);
    localparam [23:0] POLY = 24'h864CFB; // coefficients D^23..D^0
    wire fb = crc[23] ^ din;
    always @(posedge clk) begin
        if (rst)
            crc <= 24'd0;
        else if (en)
            crc <= {crc[22:0], 1'b0} ^ (fb ? POLY : 24'd0);
    end
endmodule
