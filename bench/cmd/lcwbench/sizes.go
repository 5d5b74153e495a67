package main

import (
	"slices"

	"github.com/lcwasm/lcwasm/bench/report"
	"github.com/lcwasm/lcwasm/internal/build"
)

// sizes reports every dist file of the manifest a browser may load (not
// lcw.d.ts, which is for the page's developers), their total, and the
// floor program's wasm built in the same run.
func sizes(a *assets) report.Sizes {
	var s report.Sizes
	s.Total.Name = "total"
	for name, z := range a.manifest.Files {
		if name == build.TypesFile {
			continue
		}
		s.Assets = append(s.Assets, asset(name, z))
		s.Total.Raw += z.Raw
		s.Total.Gzip += z.Gzip
		s.Total.Br += z.Br
	}
	slices.SortFunc(s.Assets, func(x, y report.Asset) int { return int(y.Br - x.Br) })
	s.Floor = asset("floor.wasm (bench/floor)", a.floor)
	wasm := a.manifest.Files[a.manifest.WASM]
	s.WASMOverFloor = report.Ratio(float64(wasm.Br), float64(a.floor.Br))
	return s
}

func asset(name string, z build.Sizes) report.Asset {
	return report.Asset{Name: name, Raw: z.Raw, Gzip: z.Gzip, Br: z.Br}
}
