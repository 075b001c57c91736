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
set title 'Weights W1 (w1[i,j]: from neuron i of layer 0 to neuron j of layer 1)' font ',12'
set xlabel 'j (layer 1)'
set ylabel 'i (layer 0)'
set grid lc rgb '#e0e0e0' lt 1
set border lc rgb '#404040'
set key top right box lc rgb '#a0a0a0' opaque
set style line 1 lc rgb '#0072B2' lw 2 pt 7 ps 0.8
set style line 2 lc rgb '#D55E00' lw 2 pt 7 ps 0.8
set style line 3 lc rgb '#009E73' lw 2 pt 7 ps 0.8
set style line 4 lc rgb '#CC79A7' lw 2 pt 7 ps 0.8
set style line 5 lc rgb '#E69F00' lw 2 pt 7 ps 0.8
set style line 6 lc rgb '#56B4E9' lw 2 pt 7 ps 0.8
set style line 7 lc rgb '#F0E442' lw 2 pt 7 ps 0.8
set style line 8 lc rgb '#000000' lw 2 pt 7 ps 0.8
set xrange [0.5:3.5]
set yrange [2.5:0.5]
unset key
set palette defined (-1 '#2166AC', 0 '#F7F7F7', 1 '#B2182B')
set cbrange [-2.0:2.0]
set cblabel 'weight'
plot $w using 1:2:3 with image
