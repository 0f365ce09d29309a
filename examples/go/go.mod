module counter

go 1.24

require go.bytecodealliance.org/cm v0.3.0
