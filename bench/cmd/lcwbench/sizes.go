package main

import (
	"os"
	"path/filepath"
	"slices"

	"github.com/lcwasm/lcwasm/bench/report"
	"github.com/lcwasm/lcwasm/bench/wasmattr"
	"github.com/lcwasm/lcwasm/internal/build"
)

// sizes reports every dist file of the manifest a browser may load (not
// lcw.d.ts, which is for the page's developers), their total, and the
// floor program's wasm and the rules floor's built in the same run.
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
	if a.rulesFloorErr != nil {
		s.RulesFloorStatus = "not measured: " + a.rulesFloorErr.Error()
	} else {
		s.RulesFloor = asset("rulesfloor.wasm (floor + rules engine)", a.rulesFloor)
		s.RulesFloorOverFloor = report.Ratio(float64(a.rulesFloor.Br), float64(a.floor.Br))
	}
	s.WASMShape = shape(filepath.Join(a.dir, a.manifest.WASM), wasm.Br)
	s.FloorShape = shape(filepath.Join(a.dir, floorWASM), a.floor.Br)
	return s
}

// shape reads the functions and the code and data sections of the module
// in file, with its brotli size br; zero when it cannot (the report then
// leaves the comparison out).
func shape(file string, br int64) report.Shape {
	b, err := os.ReadFile(file)
	if err != nil {
		return report.Shape{}
	}
	m, err := wasmattr.Parse(b)
	if err != nil {
		return report.Shape{}
	}
	return report.Shape{Functions: len(m.Funcs), Code: m.Code.End - m.Code.Start, Data: m.Data.End - m.Data.Start, Brotli: br}
}

func asset(name string, z build.Sizes) report.Asset {
	return report.Asset{Name: name, Raw: z.Raw, Gzip: z.Gzip, Br: z.Br}
}
