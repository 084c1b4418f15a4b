package resources

import "math"

func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	x *= math.Pi
	return math.Sin(x) / x
}

func lanczos3(t float64) float64 {
	if t < 0 {
		t = -t
	}
	if t >= 3 {
		return 0
	}
	return sinc(t) * sinc(t/3)
}

// mitchell is the Mitchell-Netravali cubic with B = C = 1/3.
func mitchell(t float64) float64 {
	const b, c = 1.0 / 3, 1.0 / 3
	if t < 0 {
		t = -t
	}
	switch {
	case t < 1:
		return ((12-9*b-6*c)*t*t*t + (-18+12*b+6*c)*t*t + (6 - 2*b)) / 6
	case t < 2:
		return ((-b-6*c)*t*t*t + (6*b+30*c)*t*t + (-12*b-48*c)*t + (8*b + 24*c)) / 6
	}
	return 0
}

func gaussian(t float64) float64 { return math.Exp(-2 * t * t) }
