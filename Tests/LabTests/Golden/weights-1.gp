$w << EOD
1.0 1.0 0.5
2.0 1.0 -1.0
3.0 1.0 2.0
1.0 2.0 0.25
2.0 2.0 0
3.0 2.0 -0.75
EOD
set terminal pngcairo size 800,600 noenhanced font 'DejaVu Sans,10'
set output 'weights-1.png'
set termoption noenhanced
set encoding utf8
set title 'Weights W1: w1[i,j] from neuron i of layer 0 to neuron j of layer 1' font ',12'
set xlabel 'j (neuron of layer 1)'
set ylabel 'i (neuron of layer 0)'
set grid back lc rgb '#e0e0e0' lt 1
set border lc rgb '#404040'
set tics out nomirror
set key bmargin center horizontal nobox Left reverse samplen 2 height 1.5
set style line 1 lc rgb '#0072B2' lw 2 pt 7 ps 1
set style line 2 lc rgb '#D55E00' lw 2 pt 9 ps 1
set style line 3 lc rgb '#009E73' lw 2 pt 5 ps 1
set style line 4 lc rgb '#CC79A7' lw 2 pt 13 ps 1
set style line 5 lc rgb '#E69F00' lw 2 pt 11 ps 1
set style line 6 lc rgb '#56B4E9' lw 2 pt 15 ps 1
set style line 7 lc rgb '#000000' lw 2 pt 7 ps 1
set style line 8 lc rgb '#882255' lw 2 pt 9 ps 1
set xrange [0.5:3.5]
set yrange [2.5:0.5]
set xtics (1, 2, 3)
set ytics (1, 2)
unset grid
set palette defined (-1 '#2166AC', 0 '#F7F7F7', 1 '#B2182B')
set cbrange [-2.0:2.0]
set cblabel 'weight (largest |w| = 2)'
unset key
plot $w using 1:2:(0.47):(0.47):3 with boxxyerror fillstyle solid 1.0 border lc rgb '#C0C0C0' lc palette, $w using 1:2:(abs($3) > 1.1 ? sprintf('%.2g', $3) : '') with labels textcolor rgb '#FFFFFF', $w using 1:2:(abs($3) > 1.1 ? '' : sprintf('%.2g', $3)) with labels textcolor rgb '#1A1A1A'
